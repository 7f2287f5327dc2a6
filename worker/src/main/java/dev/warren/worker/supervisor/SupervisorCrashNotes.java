package dev.warren.worker.supervisor;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.warren.common.Protocol;
import dev.warren.common.internal.Json;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /** The note's JSON body. */
    static Map<String, Object> note(PoolExit exit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", "crash");
        m.put("id", exit.taskId());
        m.put("child", exit.childId());
        m.put("pid", exit.pid());
        m.put("exit", exit.exitCode());
        m.put("signal", exit.signal());
        m.put("cause", exit.cause().tag());
        m.put("stderr", String.join("\n", exit.stderrTail()));
        return m;
    }

    /** True when the exit left a task unanswered: the broker will redeliver it, and the next holder should know why. */
    static boolean worthANote(PoolExit exit) {
        if (exit.taskId() == null) return false;
        return switch (exit.cause()) {
            case RECYCLE, DRAIN, SOFT_TIME_LIMIT -> false; // the task was answered
            default -> true;
        };
    }

    @Override
    public void childExited(PoolExit exit) {
        if (!worthANote(exit)) return;
        try {
            byte[] body = Json.MAPPER.writeValueAsBytes(note(exit));
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                    .contentType(Protocol.CONTENT_TYPE).type("crash").timestamp(new Date()).build();
            synchronized (this) {
                if (channel == null || !channel.isOpen()) channel = connection.createChannel();
                channel.basicPublish(exchange, "", props, body);
            }
            log.debug("crash note for task {} published", exit.taskId());
        } catch (Exception e) {
            log.warn("cannot publish the crash note for task {}: {}", exit.taskId(), e.toString());
        }
    }
}
