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
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one map that owns every future (task id → {@link Pending}), and the only code that completes one. Every
 * exit path — a reply, the timeout timer, a cancel, shutdownNow, broker loss, a nack, a return, a failed publish —
 * removes the entry first; only the path that removed it completes the future, so each future completes exactly
 * once, the first reply wins, and duplicate or late replies are dropped with a WARN. Removing an entry also
 * releases its message, so the transport never re-publishes a task that ended.
 *
 * <p>{@code active} counts tasks from {@link #reserve()} until their future is completed (and a running
 * {@code map}, which holds one reservation); when it drops to zero the idle hook runs (the executor uses it to
 * terminate after shutdown).
 *
 * <p>Replies, timeouts and transport outcomes complete futures on the completion executor, never on the calling
 * (AMQP or timer) thread. Cancellation completes on the cancelling thread. Thread-safe.
 */
final class PendingTasks implements LinkListener {
    private static final Logger log = LoggerFactory.getLogger(PendingTasks.class);

    /** Tells the workers to skip a cancelled task (best effort). */
    interface CancelNotice { void send(String taskId, long skipUntil, boolean interrupt); }

    /** Publishes a task's next attempt (the transport). */
    interface Republisher { void publish(Pending<?> p); }

    private final ConcurrentHashMap<String, Pending<?>> map = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private final String clientId;
    private final Executor completion;
    private final ScheduledExecutorService timer;
    private final Runnable onIdle;
    private final CancelNotice cancelNotice;
    private final Republisher republisher;
    /** Replies nobody awaits yet, for a stable client id; null otherwise (such replies are dropped at once). */
    private final Unclaimed unclaimed;

    PendingTasks(String clientId, Executor completion, ScheduledExecutorService timer, Runnable onIdle,
                 CancelNotice cancelNotice) {
        this(clientId, completion, timer, onIdle, cancelNotice, p -> { }, null);
    }

    PendingTasks(String clientId, Executor completion, ScheduledExecutorService timer, Runnable onIdle,
                 CancelNotice cancelNotice, Republisher republisher, Duration unclaimedRetention) {
        this.clientId = clientId;
        this.completion = completion;
        this.timer = timer;
        this.onIdle = onIdle;
        this.cancelNotice = cancelNotice;
        this.republisher = republisher;
        this.unclaimed = unclaimedRetention == null ? null : new Unclaimed(clientId, unclaimedRetention, timer);
    }

    /** Replies held for ids nobody awaits (0 without a stable client id). */
    int unclaimed() { return unclaimed == null ? 0 : unclaimed.size(); }

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
                    + " got no reply within " + timeout)), Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS));
        }
    }

    /** Removes a task; null when it was no longer pending. Whoever gets it completes its future. */
    private Pending<?> remove(String taskId) {
        Pending<?> p = map.remove(taskId);
        if (p != null) {
            p.cancelTimer();
            p.release();
        }
        return p;
    }

    /**
     * Completes the task of this reply, or retries it (an error its retry policy retries). A reply nobody awaits is
     * held for a stable client id ({@link Unclaimed}: false, the consumer does not ack it), else dropped.
     */
    @Override public boolean replied(ReplyEnvelope reply, ReplyConsumer from, long tag) {
        if (!reply.ok() && retryLater(reply)) return true;
        Pending<?> p = remove(reply.taskId());
        if (p == null) return unclaimed == null ? dropped(reply) : holdUnlessAttached(reply, from, tag);
        completeLater(p, () -> p.complete(reply));
        // a detached task's reply arrived before its confirm was handled: it is someone else's to claim
        return !p.detached || unclaimed == null || holdUnlessAttached(reply, from, tag);
    }

    private boolean dropped(ReplyEnvelope reply) {
        log.warn("client {}: dropped a reply for unknown or finished task {} (duplicate, late or cancelled)",
                clientId, reply.taskId());
        return true;
    }

    private boolean holdUnlessAttached(ReplyEnvelope reply, ReplyConsumer from, long tag) {
        Pending<?> p;
        synchronized (unclaimed) {
            p = remove(reply.taskId()); // an attach may have come in since the first look
            if (p == null) return unclaimed.hold(reply, from, tag);
        }
        completeLater(p, () -> p.complete(reply));
        return true;
    }

    /**
     * Adds a reserved future for a task submitted elsewhere (re-attach). If its reply is held already it completes
     * now; else it waits like any pending task.
     *
     * @throws IllegalStateException when this executor already awaits that id (the reservation is released)
     */
    void attach(Pending<?> p, Duration timeout) {
        Unclaimed.Held h;
        p.release();
        synchronized (unclaimed) {
            if (map.containsKey(p.taskId)) {
                release();
                throw new IllegalStateException("task " + p.taskId + " is already awaited by this executor");
            }
            h = unclaimed.take(p.taskId);
            if (h == null) {
                add(p, timeout);
                return;
            }
        }
        completeLater(p, () -> p.complete(h.reply()));
        h.settle();
    }

    /** A retryable error of a task with attempts left: schedules its next attempt and keeps it pending. */
    private boolean retryLater(ReplyEnvelope reply) {
        Pending<?> p = map.get(reply.taskId());
        Retry r = p == null ? null : p.retry;
        if (r == null) return false;
        dev.warren.common.TaskError error = reply.error();
        long delay = r.failed(error, p.deadline);
        if (delay == Retry.FINAL) return false;
        if (delay == Retry.DUPLICATE) {
            log.debug("client {}: dropped a duplicate error reply of task {}", clientId, p.taskId);
            return true;
        }
        log.info("client {}: task {} {} attempt {} failed ({}: {}); attempt {} of {} in {} ms", clientId, p.task,
                p.taskId, r.attempt(), error.type(), error.message(), r.attempt() + 1, r.policy.maxAttempts(), delay);
        timer.schedule(() -> republish(p), delay, TimeUnit.MILLISECONDS);
        return true;
    }

    private void republish(Pending<?> p) {
        p.message(p.retry.next());
        if (map.get(p.taskId) != p) {
            p.release(); // ended (cancelled, timed out) during the backoff
            return;
        }
        republisher.publish(p);
    }

    /** A task's progress goes to its future; progress for a task no longer pending is dropped quietly (it is late). */
    @Override public void progressed(dev.warren.common.internal.ProgressMessage m) {
        Pending<?> p = map.get(m.taskId());
        if (p != null) p.future.progressed(Progress.of(m), completion);
    }

    /** {@link #cancel(String, boolean)} without interrupting a running task. */
    boolean cancel(String taskId) { return cancel(taskId, false); }

    /**
     * Cancels a pending task: its future completes as cancelled on this thread, then the workers are told to skip
     * it, and with {@code interrupt} to stop it if it runs. False when it was no longer pending.
     */
    boolean cancel(String taskId, boolean interrupt) {
        Pending<?> p = remove(taskId);
        if (p == null) return false;
        p.future.cancelLocally();
        cancelNotice.send(p.taskId, p.skipUntil(), interrupt);
        release(); // after the notice: the last release may terminate the executor and close the connection
        return true;
    }

    /** Cancels every pending task and stops those running (shutdownNow); returns their ids. */
    List<String> cancelAll() {
        List<String> ids = new ArrayList<>();
        for (String id : new ArrayList<>(map.keySet())) {
            if (cancel(id, true)) ids.add(id);
        }
        return ids;
    }

    /** Fails a pending task; returns false when it was no longer pending. */
    private boolean fail(String taskId, Throwable error) {
        Pending<?> p = remove(taskId);
        if (p == null) return false;
        completeLater(p, () -> p.future.completeExceptionally(error));
        return true;
    }

    private int failAll(Function<Pending<?>, Throwable> error) {
        int n = 0;
        for (Pending<?> p : new ArrayList<>(map.values())) {
            if (fail(p.taskId, error.apply(p))) n++;
        }
        return n;
    }

    @Override public void confirmed(Pending<?> task) {
        task.release();
        if (task.detached && remove(task.taskId) != null) completeLater(task, () -> task.complete(null));
    }

    @Override public void nacked(Pending<?> p, String queue) {
        fail(p.taskId, new PublishException(p.taskId, "the broker refused (nacked) task " + p.task + " " + p.taskId
                + " for queue " + queue
                + " (some brokers nack a message no queue is bound to; RabbitMQ nacks when it cannot store it)"));
    }

    @Override public void returned(String taskId, String task, int replyCode, String replyText, String routingKey) {
        fail(taskId, new PublishException(taskId, "the broker returned task " + task + " " + taskId + ": " + replyCode
                + " " + replyText + " (no queue is bound to routing key '" + routingKey + "': is the task queue declared?)"));
    }

    @Override public void publishFailed(Pending<?> p, Exception error) {
        fail(p.taskId, new PublishException(p.taskId, "publishing task " + p.taskId + " failed: " + error.getMessage(),
                error));
    }

    @Override public void brokerLost(String maskedUri, Duration unreachableFor) {
        int n = failAll(p -> new BrokerUnavailableException("the broker at " + maskedUri + " has been unreachable for "
                + unreachableFor + "; task " + p.task + " " + p.taskId + " may or may not have run"));
        log.error("client {}: broker {} unreachable for {}: failed {} pending tasks", clientId, maskedUri,
                unreachableFor, n);
    }

    @Override public void recovered(String maskedUri, int republished) {
        log.info("client {}: reconnected to {}; re-published {} unconfirmed tasks", clientId, maskedUri, republished);
    }

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
