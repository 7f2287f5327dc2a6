package dev.warren.producer;

import dev.warren.common.internal.ReplyEnvelope;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replies that reached a stable client id's reply queue for task ids nobody in this executor awaits (yet): a task
 * submitted before a restart, or by another process with the same client id ({@code warren submit --detach}).
 * Each is held <em>unacknowledged</em> ({@link ReplyConsumer#settle}) until {@code attach} claims it or its retention
 * passes (then it is acked and dropped with a WARN). When the executor closes or dies first, the broker requeues
 * what is held, so a short-lived process that waits for one id never loses the replies of the client's other ids.
 *
 * <p>Callers synchronize on this object around a lookup in the pending map and {@link #hold}/{@link #take}, so a
 * reply and an {@code attach} of the same id cannot miss each other. The timer drops expired entries.
 */
final class Unclaimed {
    private static final Logger log = LoggerFactory.getLogger(Unclaimed.class);

    /** One held delivery. */
    record Held(ReplyEnvelope reply, ReplyConsumer from, long tag, ScheduledFuture<?>[] expiry) {
        void settle() {
            if (expiry[0] != null) expiry[0].cancel(false);
            from.settle(tag);
        }
    }

    private final String clientId;
    private final Duration retention;
    private final ScheduledExecutorService timer;
    private final Map<String, Held> held = new HashMap<>(); // guarded by this

    Unclaimed(String clientId, Duration retention, ScheduledExecutorService timer) {
        this.clientId = clientId;
        this.retention = retention;
        this.timer = timer;
    }

    /**
     * Holds a reply nobody awaits; false when it is held (the consumer must not ack it), true when it was a
     * duplicate of one held already (the consumer acks it: dropped).
     */
    synchronized boolean hold(ReplyEnvelope reply, ReplyConsumer from, long tag) {
        Held old = held.get(reply.taskId());
        if (old != null && old.from().live()) {
            log.warn("client {}: dropped a duplicate reply for unclaimed task {}", clientId, reply.taskId());
            return true;
        }
        Held h = new Held(reply, from, tag, new ScheduledFuture<?>[1]);
        held.put(reply.taskId(), h);
        h.expiry()[0] = timer.schedule(() -> expire(h), retention.toMillis(), TimeUnit.MILLISECONDS);
        log.debug("client {}: holding the reply of task {} until it is claimed (at most {})", clientId,
                reply.taskId(), retention);
        return false;
    }

    /** Removes and returns the held reply of this task; null when none (or only one its channel lost). */
    synchronized Held take(String taskId) {
        Held h = held.remove(taskId);
        if (h != null && !h.from().live()) return null; // requeued by the broker: it comes again
        return h;
    }

    synchronized int size() { return held.size(); }

    private void expire(Held h) {
        synchronized (this) {
            if (!held.remove(h.reply().taskId(), h)) return;
        }
        if (!h.from().live()) return;
        h.from().settle(h.tag());
        log.warn("client {}: dropped the reply of task {} ({}): nobody claimed it within {} "
                + "(ProducerOptions.unclaimedReplyRetention; attach to it sooner)", clientId, h.reply().taskId(),
                h.reply().ok() ? "ok" : "error", retention);
    }
}
