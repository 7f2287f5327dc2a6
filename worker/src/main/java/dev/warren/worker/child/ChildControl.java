package dev.warren.worker.child;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.warren.common.Protocol;
import dev.warren.common.internal.ControlMessage;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the fanout exchange {@code <queue>.control}: cancellations from producers (a task
 * that has not started is then skipped; an interrupting cancel interrupts the {@link RunningTask}) and crash notes from supervisors (how an earlier
 * attempt of a task died, reported when it is dead-lettered). Bounded; entries expire. A redelivered
 * task may wait for its crash note: {@link #onCrashNote} signals when it arrives. Thread-safe.
 */
final class ChildControl implements DeliveryTriage.Notes {
    private static final Logger log = LoggerFactory.getLogger(ChildControl.class);
    private static final int MAX_ENTRIES = 100_000;
    private static final long CRASH_NOTE_TTL_MS = 3_600_000;

    private record Note(String text, long until) {}

    private final Map<String, Long> cancelled = new ConcurrentHashMap<>();
    private final Map<String, Note> crashes = new ConcurrentHashMap<>();
    /** Who waits for which task's crash note; a signal runs at most once. */
    private final Map<Runnable, String> waiters = new ConcurrentHashMap<>();
    private final RunningTask running = new RunningTask();

    /** The task the main loop runs, for interrupting cancels. */
    RunningTask running() { return running; }

    /** Binds a private queue to the control exchange and feeds what arrives to {@link #accept}. */
    void listen(Channel channel, String taskQueue) throws IOException {
        String q = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(q, taskQueue + Protocol.CONTROL_SUFFIX, "");
        channel.basicConsume(q, true, new DefaultConsumer(channel) {
            @Override public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) {
                accept(body);
            }
        });
    }

    @Override public boolean cancelled(String taskId) {
        Long until = cancelled.get(taskId);
        return until != null && until >= System.currentTimeMillis();
    }

    /** How the last crashed attempt of this task died, or null if no supervisor reported it. */
    @Override public String crashNote(String taskId) {
        Note n = crashes.get(taskId);
        return n == null ? null : n.text;
    }

    /**
     * Runs {@code signal} once when a crash note for the task arrives, at once if one is here already.
     * Until then it is remembered; {@link #stopWaiting} forgets it.
     */
    void onCrashNote(String taskId, Runnable signal) {
        waiters.put(signal, taskId);
        if (crashNote(taskId) != null && waiters.remove(signal) != null) signal.run();
    }

    /** Forgets the signals registered for this task with {@link #onCrashNote} (their wait is over). */
    void stopWaiting(String taskId) { waiters.values().removeIf(taskId::equals); }

    /** One control message (from the exchange, or a line from the supervisor on stdin). Thread-safe. */
    void accept(byte[] body) {
        try {
            ControlMessage.decode(body).ifPresent(m -> {
                long now = System.currentTimeMillis();
                if (cancelled.size() + crashes.size() > MAX_ENTRIES) expire(now);
                if (m instanceof ControlMessage.Cancel c) {
                    cancelled.put(c.id(), c.until() > 0 ? c.until() : now + 86_400_000L);
                    if (c.interrupt() && running.interrupt(c.id())) {
                        log.info("interrupting task {}: cancelled by its producer while running", c.id());
                    }
                } else if (m instanceof ControlMessage.Crash c) {
                    crashes.put(c.id(), new Note(c.describe(), now + CRASH_NOTE_TTL_MS));
                    waiters.forEach((signal, id) -> {
                        if (id.equals(c.id()) && waiters.remove(signal) != null) signal.run();
                    });
                }
            });
        } catch (RuntimeException e) {
            log.warn("ignoring an unreadable control message: {}", e.toString());
        }
    }

    private void expire(long now) {
        for (Iterator<Map.Entry<String, Long>> it = cancelled.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() < now) it.remove();
        }
        crashes.values().removeIf(n -> n.until < now);
        if (cancelled.size() + crashes.size() > MAX_ENTRIES) { cancelled.clear(); crashes.clear(); }
    }
}
