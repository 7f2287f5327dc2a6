package dev.warren.producer;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The future of one published task: a {@link CompletableFuture} that also knows its task id, the task's latest
 * progress, and how to stop the task in its worker. Derived stages ({@code thenApply}, ...) are plain
 * {@link CompletableFuture}s.
 *
 * <p><b>Cancellation</b>, as {@link java.util.concurrent.Future#cancel} documents it: if the task has not ended, the
 * future completes at once, on the calling thread, with a {@link java.util.concurrent.CancellationException}, the
 * call returns true, and a cancel goes to the workers (a best-effort broadcast that never blocks):
 * <ul>
 *   <li>a task still <em>queued</em> is not run, whichever the argument; its worker acks it and answers
 *       {@code warren.Cancelled};</li>
 *   <li>a <em>running</em> task, with {@code cancel(true)}, has its thread interrupted; if it has not stopped within
 *       the worker's cancel grace period (default 5 s) its child process is killed and replaced, and the task is not
 *       run again;</li>
 *   <li>a running task, with {@code cancel(false)}, runs to its end; its result is dropped.</li>
 * </ul>
 * Cancelling a future that already ended sends nothing (it returns true if the future was cancelled before, as
 * {@link CompletableFuture#cancel} does, else false).
 *
 * <p><b>Progress.</b> A task that calls {@code TaskContext.progress} sends at most 10 updates a second; the future
 * keeps the latest ({@link #progress()}) and hands each update it sees to its listeners ({@link #onProgress}) on
 * the completion executor, one at a time, always the latest (intermediate values may be skipped). Updates stop with
 * the future's completion: none is delivered after the future is done, except to a listener already running.
 * Thread-safe.
 */
public final class TaskFuture<T> extends CompletableFuture<T> {
    private static final Logger log = LoggerFactory.getLogger(TaskFuture.class);

    interface Canceller { boolean cancel(String taskId, boolean interrupt); }

    private final Canceller canceller;
    private final String taskId;
    private final List<Consumer<? super Progress>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean notifying = new AtomicBoolean();
    private volatile Progress latest;
    private volatile Executor notifier;
    private Progress lastNotified; // the notifying thread's

    TaskFuture(Canceller canceller, String taskId) {
        this.canceller = canceller;
        this.taskId = taskId;
    }

    /**
     * The task future behind a future that {@code submit} or {@code submitForResult} returned (they return
     * {@link CompletableFuture} so that lists of them mix with other futures).
     *
     * @throws IllegalArgumentException for any other future (a derived stage such as {@code thenApply}'s, say)
     */
    @SuppressWarnings("unchecked")
    public static <T> TaskFuture<T> of(CompletableFuture<T> future) {
        if (future instanceof TaskFuture<?> t) return (TaskFuture<T>) t;
        throw new IllegalArgumentException("not the future of a submitted task: " + future);
    }

    /** The task id (the AMQP message id), as {@code warren cancel} and the worker's logs know it. */
    public String taskId() { return taskId; }

    /** The latest progress the task reported, if any (kept after the future completed). */
    public Optional<Progress> progress() { return Optional.ofNullable(latest); }

    /**
     * Calls {@code listener} with each progress update seen from now on until the future completes (see the class
     * comment); a listener that throws is logged and kept.
     *
     * @return this future
     */
    public TaskFuture<T> onProgress(Consumer<? super Progress> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        Executor ex = notifier;
        if (ex != null && latest != null) dispatch(ex);
        return this;
    }

    /**
     * Cancels the task: see the class comment for what happens to a queued and to a running task.
     *
     * @param mayInterruptIfRunning true to stop the task if a worker runs it
     * @return true when the future is now cancelled; false when it had completed otherwise
     */
    @Override public boolean cancel(boolean mayInterruptIfRunning) {
        if (canceller.cancel(taskId, mayInterruptIfRunning)) return true;
        return super.cancel(mayInterruptIfRunning);
    }

    /** Completes as cancelled without going back to the executor. */
    boolean cancelLocally() { return super.cancel(false); }

    /** Cancelled by the worker's {@code warren.Cancelled} answer: {@link #isCancelled()}, with the worker's words. */
    boolean cancelledRemotely(String message) {
        return super.completeExceptionally(new java.util.concurrent.CancellationException(message));
    }

    /** From the reply consumer: a progress update for this (pending) task. */
    void progressed(Progress p, Executor completion) {
        if (isDone()) return;
        latest = p;
        notifier = completion;
        if (!listeners.isEmpty()) dispatch(completion);
    }

    private void dispatch(Executor ex) {
        if (!notifying.compareAndSet(false, true)) return; // the running notifier picks up the latest value
        try {
            ex.execute(this::notifyListeners);
        } catch (RejectedExecutionException e) {
            notifying.set(false);
        }
    }

    private void notifyListeners() {
        do {
            try {
                Progress p;
                while ((p = latest) != lastNotified && !isDone()) {
                    lastNotified = p;
                    for (Consumer<? super Progress> l : listeners) {
                        try {
                            l.accept(p);
                        } catch (RuntimeException e) {
                            log.warn("progress listener of task {} threw: {}", taskId, e.toString());
                        }
                    }
                }
            } finally {
                notifying.set(false);
            }
            // a value that arrived after the loop's last look and before the flag was cleared
        } while (latest != lastNotified && !isDone() && notifying.compareAndSet(false, true));
    }

    @Override public <U> CompletableFuture<U> newIncompleteFuture() { return new CompletableFuture<>(); }

    @Override public String toString() { return "TaskFuture[" + taskId + ", " + super.toString() + "]"; }
}
