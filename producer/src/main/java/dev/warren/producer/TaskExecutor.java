package dev.warren.producer;

import dev.warren.common.TaskType;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A pool of remote workers behind a RabbitMQ queue, used like an {@link ExecutorService}:
 * {@code submit} publishes a named task (persistent, mandatory, confirmed) and returns a
 * {@link CompletableFuture} that completes with the worker's output, or fails with a
 * {@link RemoteTaskException}, a {@link PublishException}, a {@link java.util.concurrent.TimeoutException},
 * a {@link CancellationException} or a {@link BrokerUnavailableException}. Every future ends.
 *
 * <p><b>Threads.</b> All methods are safe to call from many threads at once. Futures are completed
 * on the completion executor ({@link ProducerOptions#completionExecutor()}), never on an AMQP
 * client thread, so callbacks may block without stalling delivery. Cancellation completes the
 * future on the cancelling thread; {@link TaskFuture#cancel} says what {@code cancel(false)} and
 * {@code cancel(true)} do to a queued and to a running task.
 *
 * <p><b>Lifecycle.</b> {@link #shutdown()} stops accepting tasks and {@code map} calls; what was submitted
 * before still completes, including the rest of the input of every {@code map} call that had returned
 * (see {@link #map(TaskType, Iterable, MapOptions)}). When nothing is left the executor terminates: the consumer
 * is cancelled, the reply queue deleted (kept for a stable client id) and the connection closed. After shutdown
 * every submitting method throws {@link RejectedExecutionException}. {@link #close()} is shutdown plus waiting.
 *
 * <p><b>Broker faults.</b> The connection recovers by itself; unconfirmed tasks are re-published
 * and duplicate replies dropped. While disconnected, submitted tasks wait in memory and are
 * published on recovery. After {@link ProducerOptions#brokerLossTimeout()} without a broker,
 * pending futures fail with {@link BrokerUnavailableException} and submitting methods throw it
 * until the connection comes back.
 */
public final class TaskExecutor implements AutoCloseable {
    private final ProducerOptions options;
    private final Parts parts;

    private TaskExecutor(ProducerOptions options) {
        this.options = options;
        this.parts = new Parts(options);
    }

    /**
     * Connects to the broker, declares the task queue (unless {@code declareTopology(false)}) and
     * this producer's reply queue, and starts consuming replies.
     *
     * @throws BrokerUnavailableException if the broker cannot be reached; the message names its masked URI
     * @throws dev.warren.common.WarrenException if declaring the queues fails
     */
    public static TaskExecutor connect(ProducerOptions options) {
        TaskExecutor e = new TaskExecutor(Objects.requireNonNull(options, "options"));
        e.parts.open();
        return e;
    }

    /** The options this executor runs with; also after shutdown. */
    public ProducerOptions options() { return options; }

    /** Submits with the default timeout. Same contract as {@link #submit(TaskType, Object, Duration)}. */
    public <I, O> CompletableFuture<O> submit(TaskType<I, O> type, I input) {
        return submit(type, input, null);
    }

    /**
     * Publishes one task and returns its future, a {@link TaskFuture} ({@link TaskFuture#of}: task id, progress).
     *
     * @param timeout fails the future with {@link java.util.concurrent.TimeoutException} if no reply came within it,
     *                and is sent as the task's deadline so no worker starts it later; null = the default timeout
     * @throws RejectedExecutionException after {@link #shutdown()}
     * @throws BrokerUnavailableException when the broker has been unreachable for longer than the broker-loss timeout
     * @throws IllegalArgumentException when the input cannot be encoded as JSON or exceeds {@code maxBodyBytes}
     */
    public <I, O> CompletableFuture<O> submit(TaskType<I, O> type, I input, Duration timeout) {
        return parts.submitter.send(type, Submitter.encode(type, input), timeout, Outputs.value(type));
    }

    /** {@link #submit(TaskType, Object, Duration)} with its own retry policy, not the options' one. Same exceptions. */
    public <I, O> CompletableFuture<O> submit(TaskType<I, O> type, I input, Duration timeout, RetryPolicy retry) {
        return parts.send(type, input, timeout, Outputs.value(type), retry);
    }

    /** {@link #submitForResult(TaskType, Object, Duration)} with its own retry policy. Same exceptions. */
    public <I, O> CompletableFuture<TaskResult<O>> submitForResult(TaskType<I, O> type, I input, Duration timeout,
                                                                   RetryPolicy retry) {
        return parts.send(type, input, timeout, Outputs.result(type), retry);
    }

    /**
     * Publishes a task whose reply nobody awaits here, for a later {@link #attach}: the future completes with the
     * task id once the broker confirmed the task (or fails as a submit's would). Not retried. Same exceptions as submit.
     *
     * @param deadline the task's deadline and the longest wait for the confirm; null = the default timeout
     * @throws IllegalStateException without a stable client id ({@link ProducerOptions#stableClientId()})
     */
    public <I> CompletableFuture<String> submitDetached(TaskType<I, ?> type, I input, Duration deadline) {
        return parts.attacher.detach(type, Submitter.encode(type, input), deadline);
    }

    /**
     * Re-attaches to a task submitted earlier under this stable client id (before a restart, by another process, or
     * with {@link #submitDetached}): the future ends as a submit's does (output, remote error, timeout, cancel). A
     * reply that came first is held ({@link ProducerOptions#unclaimedReplyRetention()}) and completes it at once;
     * the replies of other ids are held too, and requeued on close, never lost. Not retried.
     *
     * @param timeout null = the default timeout
     * @throws IllegalStateException without a stable client id, or when this executor already awaits that id
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    public <O> CompletableFuture<O> attach(TaskType<?, O> type, String taskId, Duration timeout) {
        return parts.attacher.attach(type.name(), taskId, timeout, Outputs.value(type));
    }

    /** Like {@link #attach(TaskType, String, Duration)}, the future's value also saying where the task ran. */
    public <O> CompletableFuture<TaskResult<O>> attachForResult(TaskType<?, O> type, String taskId, Duration timeout) {
        return parts.attacher.attach(type.name(), taskId, timeout, Outputs.result(type));
    }

    /**
     * Like {@link #submit(TaskType, Object, Duration)}, but the future's value also says where and how
     * the task ran (task id, attempts, {@link dev.warren.common.WorkerInfo}, trace context). Same exceptions.
     *
     * @param timeoutOrNull as for {@code submit}; null = the default timeout
     */
    public <I, O> CompletableFuture<TaskResult<O>> submitForResult(TaskType<I, O> type, I input, Duration timeoutOrNull) {
        return parts.submitter.send(type, Submitter.encode(type, input), timeoutOrNull, Outputs.result(type));
    }

    /** {@link #map(TaskType, Iterable, MapOptions)} with {@link MapOptions#DEFAULTS}. */
    public <I, O> Stream<O> map(TaskType<I, O> type, Iterable<? extends I> inputs) {
        return map(type, inputs, MapOptions.DEFAULTS);
    }

    /**
     * Applies the task to every input, like {@code Pool.map}/{@code imap}: a stream of outputs in input order.
     * Before returning, this method publishes the first {@code maxInFlight} messages; after that the input is read
     * only as the stream is consumed, with at most {@code maxInFlight} messages outstanding, so an input of any
     * length works. A failed task throws its exception (e.g. {@link RemoteTaskException}) when the stream reaches
     * it, and the messages still outstanding are cancelled; closing the stream cancels them too. A failure whose
     * cause is checked (a {@link java.util.concurrent.TimeoutException}) is thrown as a
     * {@link java.util.concurrent.CompletionException} with that cause. {@link MapOptions#timeout()} is one
     * deadline for the whole call, counted from this call.
     *
     * <p>By default chunks are adaptive ({@link MapOptions}: large for short tasks, one input for long ones); a chunk
     * travels as one message (a JSON array with header {@code warren-chunk}); an error fails every input of it.
     *
     * <p><b>Shutdown.</b> A call that returned is submitted, its whole input included: after {@link #shutdown()}
     * it goes on reading and publishing its input (still within {@code maxInFlight}) as results come in, whether or
     * not the stream is read, and the executor terminates when it is done (an endless input keeps it running until
     * the stream is closed). {@link #shutdownNow()} cancels its outstanding messages; the stream then throws
     * {@link CancellationException}. This method may be called from any thread; the stream, like any stream, is
     * for one thread.
     *
     * @throws RejectedExecutionException after {@link #shutdown()} (nothing is published)
     * @throws BrokerUnavailableException when the broker has been unreachable for longer than the broker-loss timeout
     * @throws IllegalArgumentException when one of the first inputs cannot be encoded or is too large (later ones
     *         throw from the stream, where they would be)
     */
    public <I, O> Stream<O> map(TaskType<I, O> type, Iterable<? extends I> inputs, MapOptions mapOptions) {
        return parts.maps.start(type, inputs, mapOptions, true);
    }

    /**
     * Like {@link #map(TaskType, Iterable, MapOptions)} but yields outputs in completion order
     * ({@code imap_unordered}); the outputs of one chunk stay together, in input order. Same
     * threading, failure, timeout and shutdown behaviour, and the same exceptions, as {@code map}.
     */
    public <I, O> Stream<O> mapUnordered(TaskType<I, O> type, Iterable<? extends I> inputs, MapOptions mapOptions) {
        return parts.maps.start(type, inputs, mapOptions, false);
    }

    /** {@link #mapUnordered(TaskType, Iterable, MapOptions)} with {@link MapOptions#DEFAULTS}. */
    public <I, O> Stream<O> mapUnordered(TaskType<I, O> type, Iterable<? extends I> inputs) {
        return mapUnordered(type, inputs, MapOptions.DEFAULTS);
    }

    /** {@link #completionOrder(TaskType, Collection, Duration)} without a timeout. */
    public <I, O> Iterable<CompletableFuture<O>> completionOrder(TaskType<I, O> type, Collection<? extends I> inputs) {
        return completionOrder(type, inputs, null);
    }

    /**
     * Submits every input now (each with the default task timeout) and yields the futures as they complete
     * ({@code as_completed}), as {@link #asCompleted(Collection, Duration)} does. On its timeout the tasks not
     * yet completed are cancelled as well, since their futures are out of the caller's reach.
     *
     * @param timeout one deadline counted from this call; null = none
     * @throws RejectedExecutionException after {@link #shutdown()} (nothing is submitted then)
     */
    public <I, O> Iterable<CompletableFuture<O>> completionOrder(TaskType<I, O> type, Collection<? extends I> inputs,
                                                                 Duration timeout) {
        long start = System.nanoTime();
        Completions.check(timeout);
        return new Completions<>(parts.submitAll(type, inputs), timeout, start, true);
    }

    /** {@link #asCompleted(Collection, Duration)} without a timeout. */
    public static <T> Iterable<CompletableFuture<T>> asCompleted(Collection<CompletableFuture<T>> futures) {
        return asCompleted(futures, null);
    }

    /**
     * Yields the given futures in the order they complete ({@code as_completed}), each distinct future once
     * even if given twice. Each iteration registers afresh and blocks until the next one completes. Works on any
     * futures, whatever their executor or state, and does not depend on an executor being open.
     *
     * <p>With a timeout, one deadline counts from this call (Python's semantics): futures already complete are
     * still yielded after it, but a {@code next()} that would have to wait past it throws a
     * {@link java.util.concurrent.CompletionException} whose cause is a {@link java.util.concurrent.TimeoutException}
     * ({@code Iterator.next} cannot throw the checked exception itself); the futures are not cancelled.
     * If the iterating thread is interrupted, the interrupt is re-asserted and {@link CancellationException} is thrown.
     *
     * @param timeout null = wait as long as it takes
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public static <T> Iterable<CompletableFuture<T>> asCompleted(Collection<CompletableFuture<T>> futures, Duration timeout) {
        return new Completions<>(futures, Completions.check(timeout), System.nanoTime(), false);
    }

    /**
     * Submits every input and waits until all are done; returns the futures in input order. If the
     * waiting thread is interrupted, the unfinished tasks are cancelled, the interrupt is re-asserted
     * and the list is returned.
     *
     * @throws RejectedExecutionException after {@link #shutdown()} (nothing is submitted then)
     */
    public <I, O> List<CompletableFuture<O>> invokeAll(TaskType<I, O> type, Collection<? extends I> inputs) {
        return Completions.awaitAll(parts.submitAll(type, inputs));
    }

    /**
     * Stops accepting tasks and {@code map} calls; pending tasks still complete and started {@code map} calls run
     * to the end of their input. Idempotent; does not wait (it may publish the next messages of started
     * {@code map} calls before it returns).
     */
    public void shutdown() {
        if (parts.life.advance(Lifecycle.SHUTDOWN)) parts.maps.stateChanged();
        parts.life.maybeTerminate();
    }

    /**
     * Shuts down, stops every started {@code map} call and cancels every pending task as {@code cancel(true)} does
     * (futures fail with {@link CancellationException}; queued tasks are skipped, running ones interrupted, their
     * children killed after the grace period); streams from {@code map} then throw
     * {@link CancellationException}. Idempotent; after the first call it returns an empty list.
     *
     * @return the ids of the tasks it cancelled
     */
    public List<String> shutdownNow() {
        parts.life.advance(Lifecycle.STOP); // first: a map call whose message is cancelled now cannot publish another
        List<String> ids = parts.pending.cancelAll();
        parts.maps.stateChanged();
        parts.life.maybeTerminate();
        return ids;
    }

    /** True once {@link #shutdown()} or {@link #shutdownNow()} was called. */
    public boolean isShutdown() { return parts.life.state() != Lifecycle.RUNNING; }

    /** True when shut down, every task ended and the connection is closed. */
    public boolean isTerminated() { return parts.life.isTerminated(); }

    /**
     * Waits until terminated or the timeout passes; returns at once when already terminated.
     *
     * @return true if terminated
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return parts.life.await(timeout, unit);
    }

    /**
     * Shuts down and waits for every pending task to end (JDK 19 {@code ExecutorService.close}):
     * if interrupted while waiting it calls {@link #shutdownNow()}, keeps waiting, and re-asserts
     * the interrupt before returning. Idempotent; returns at once when already terminated.
     */
    @Override public void close() {
        if (isTerminated()) return;
        shutdown();
        parts.life.awaitUninterruptibly(this::shutdownNow);
    }

    @Override public String toString() {
        return "TaskExecutor[" + options.clientId() + ", " + parts.life.state() + ", pending=" + parts.pending.active() + "]";
    }

    /** Tasks not yet ended, and started map calls (for tests and diagnostics). */
    int pendingCount() { return parts.pending.active(); }
    int unclaimedCount() { return parts.pending.unclaimed(); } // replies held for ids nobody awaits (tests)
    /** Whether the connection is up (false while recovering). */
    boolean connected() { return parts.link.connected(); }
    /** The client-provided connection name, as the broker lists it. */
    String connectionName() { return "warren-producer " + options.clientId(); }
}
