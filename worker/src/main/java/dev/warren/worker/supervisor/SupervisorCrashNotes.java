package dev.warren.worker.supervisor;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.warren.common.Protocol;
import dev.warren.common.internal.ControlMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the children how an attempt died: when a child ends while running a task, a {@code crash}
 * note goes to the fanout exchange {@code <queue>.control}, so whichever child receives the redelivered
 * task can report the exit code, signal and stderr tail of the earlier attempt. Best effort: a note
 * that cannot be published is logged and dropped.
 */
final class SupervisorCrashNotes implements PoolListener {
    private static final Logger log = LoggerFactory.getLogger(SupervisorCrashNotes.class);

    private final Connection connection;
    private final String exchange;
    private Channel channel;

    SupervisorCrashNotes(Connection connection, String queue) {
        this.connection = connection;
        this.exchange = queue + Protocol.CONTROL_SUFFIX;
    }

    /** The note for an exit. */
    static ControlMessage.Crash note(PoolExit exit) {
        return new ControlMessage.Crash(exit.taskId(), exit.childId(), exit.pid(), exit.exitCode(), exit.signal(),
                exit.cause().tag(), String.join("\n", exit.stderrTail()));
    }

    /** True when the exit left a task unanswered: the broker will redeliver it, and the next holder should know why. */
    static boolean worthANote(PoolExit exit) {
        if (exit.taskId() == null) return false;
        return switch (exit.cause()) {
            case RECYCLE, DRAIN, SOFT_TIME_LIMIT -> false; // the task was answered
            case CANCEL -> false; // its next holder answers it as cancelled
            default -> true;
        };
    }

    @Override
    public void childExited(PoolExit exit) {
        if (!worthANote(exit)) return;
        try {
            ControlMessage.Crash note = note(exit);
            synchronized (this) {
                if (channel == null || !channel.isOpen()) channel = connection.createChannel();
                channel.basicPublish(exchange, "", note.properties(), note.encode());
            }
            log.debug("crash note for task {} published", exit.taskId());
        } catch (Exception e) {
            log.warn("cannot publish the crash note for task {}: {}", exit.taskId(), e.toString());
        }
    }
}
