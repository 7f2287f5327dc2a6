package dev.warren.producer;

import dev.warren.common.internal.ReplyEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one map that owns every future (task id → {@link Pending}). Whoever removes an entry — a
 * reply, the timeout timer, a cancel, shutdownNow or broker loss — is the one that completes its
 * future; every other path finds nothing and does nothing, so the first reply wins and
 * duplicates or late replies are dropped with a WARN.
 *
 * <p>{@code active} counts tasks from {@link #reserve()} until their future is completed; when it
 * drops to zero the idle hook runs (the executor uses it to terminate after shutdown).
 *
 * <p>Replies, timeouts and broker loss complete futures on the completion executor, never on the
 * calling (AMQP or timer) thread. Cancellation completes on the cancelling thread.
 */
final class PendingTasks {
    private static final Logger log = LoggerFactory.getLogger(PendingTasks.class);

    private final ConcurrentHashMap<String, Pending<?>> map = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private final Executor completion;
    private final ScheduledExecutorService timer;
    private final Runnable onIdle;
    private final String clientId;

    PendingTasks(String clientId, Executor completion, ScheduledExecutorService timer, Runnable onIdle) {
        this.clientId = clientId;
        this.completion = completion;
        this.timer = timer;
        this.onIdle = onIdle;
    }

    /** Counts a task that is about to be added (call before checking the executor is running). */
    void reserve() { active.incrementAndGet(); }

    /** Ends a reserved task's count; runs the idle hook when none is left. */
    void release() {
        if (active.decrementAndGet() == 0) onIdle.run();
    }

    int active() { return active.get(); }

    int size() { return map.size(); }

    boolean contains(String taskId) { return map.containsKey(taskId); }

    /** Adds a reserved task, with a timer that fails it with {@link TimeoutException} after {@code timeout} (null = none). */
    void add(Pending<?> p, Duration timeout) {
        map.put(p.taskId, p);
        if (timeout != null) {
            p.timer(timer.schedule(() -> fail(p.taskId, new TimeoutException("task " + p.task + " " + p.taskId
                    + " got no reply within " + timeout)), timeout.toNanos(), TimeUnit.NANOSECONDS));
        }
    }

    /** Completes the task of this reply; a reply for an unknown or finished task is dropped. */
    void onReply(ReplyEnvelope reply) {
        Pending<?> p = map.remove(reply.taskId());
        if (p == null) {
            log.warn("client {}: dropped a reply for unknown or finished task {} (duplicate, late or cancelled)",
                    clientId, reply.taskId());
            return;
        }
        p.cancelTimer();
        completeLater(p, () -> p.complete(reply));
    }

    /** Fails a pending task; returns false when it was no longer pending. */
    boolean fail(String taskId, Throwable error) {
        Pending<?> p = map.remove(taskId);
        if (p == null) return false;
        p.cancelTimer();
        completeLater(p, () -> p.future.completeExceptionally(error));
        return true;
    }

    /** Fails every pending task with the error made for it. */
    int failAll(java.util.function.Function<Pending<?>, Throwable> error) {
        int n = 0;
        for (String id : new ArrayList<>(map.keySet())) {
            Pending<?> p = map.get(id);
            if (p != null && fail(id, error.apply(p))) n++;
        }
        return n;
    }

    /**
     * Removes a pending task for cancellation. The caller completes the future, then calls
     * {@link #release()}. Null when it was no longer pending.
     */
    Pending<?> removeForCancel(String taskId) {
        Pending<?> p = map.remove(taskId);
        if (p != null) p.cancelTimer();
        return p;
    }

    /** Removes every pending task (for shutdownNow); the caller completes and releases each. */
    List<Pending<?>> removeAll() {
        List<Pending<?>> all = new ArrayList<>();
        for (String id : new ArrayList<>(map.keySet())) {
            Pending<?> p = removeForCancel(id);
            if (p != null) all.add(p);
        }
        return all;
    }

    /** A still-pending task, or null. */
    Pending<?> get(String taskId) { return map.get(taskId); }

    private void completeLater(Pending<?> p, Runnable completeIt) {
        Runnable r = () -> {
            try {
                completeIt.run();
            } finally {
                release();
            }
        };
        try {
            completion.execute(r);
        } catch (RejectedExecutionException e) {
            // the user's executor refused: complete on a fresh thread rather than on the AMQP thread, never drop it
            log.warn("client {}: completion executor rejected task {}; completing on a new thread", clientId, p.taskId);
            Thread t = new Thread(r, Threads.COMPLETION_PREFIX + "fallback");
            t.setDaemon(true);
            t.start();
        }
    }
}
