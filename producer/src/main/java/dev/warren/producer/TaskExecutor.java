package dev.warren.producer;

import dev.warren.common.TaskType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 * future on the cancelling thread.
 *
 * <p><b>Lifecycle.</b> {@link #shutdown()} stops accepting tasks; tasks already submitted still
 * complete. When none is left the executor terminates: the consumer is cancelled, the reply
 * queue deleted and the connection closed. After shutdown every submitting method throws
 * {@link RejectedExecutionException}. {@link #close()} is shutdown plus waiting, as in JDK 19.
 *
 * <p><b>Broker faults.</b> The connection recovers by itself; unconfirmed tasks are re-published
 * and duplicate replies dropped. While disconnected, submitted tasks wait in memory and are
 * published on recovery. After {@link ProducerOptions#brokerLossTimeout()} without a broker,
 * pending futures fail with {@link BrokerUnavailableException} and submitting methods throw it
 * until the connection comes back.
 */
public final class TaskExecutor implements AutoCloseable {
    private final ProducerOptions options;
    private final ExecutorService ownPool;
    private final ScheduledThreadPoolExecutor timer;
    private final PendingTasks pending;
    private final Link link;
    private final Submitter submitter;
    private final AtomicReference<Lifecycle> state = new AtomicReference<>(Lifecycle.RUNNING);
    private final CountDownLatch terminated = new CountDownLatch(1);

    private TaskExecutor(ProducerOptions options) {
        this.options = options;
        this.timer = new ScheduledThreadPoolExecutor(1, Threads.named("warren-timer-" + options.clientId() + "-"));
        timer.setRemoveOnCancelPolicy(true);
        this.ownPool = options.completionExecutor().isPresent() ? null : Executors.newFixedThreadPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()), Threads.named(Threads.COMPLETION_PREFIX));
        Executor completion = options.completionExecutor().orElse(ownPool);
        this.pending = new PendingTasks(options.clientId(), completion, timer, this::maybeTerminate);
        this.link = new Link(options, pending, timer);
        this.submitter = new Submitter(options, pending, link, () -> state.get() == Lifecycle.RUNNING);
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
        try {
            e.link.open();
        } catch (RuntimeException ex) {
            e.timer.shutdownNow();
            if (e.ownPool != null) e.ownPool.shutdownNow();
            throw ex;
        }
        return e;
    }

    /** The options this executor runs with. */
    public ProducerOptions options() { return options; }

    /** Submits with the default timeout. Same contract as {@link #submit(TaskType, Object, Duration)}. */
    public <I, O> CompletableFuture<O> submit(TaskType<I, O> type, I input) {
        return submit(type, input, null);
    }

    /**
     * Publishes one task and returns its future. The future's {@code cancel} removes the task and
     * tells workers to skip it if not yet started.
     *
     * @param timeout fails the future with {@link java.util.concurrent.TimeoutException} if no reply came within it,
     *                and is sent as the task's deadline so no worker starts it later; null = the default timeout
     * @throws RejectedExecutionException after {@link #shutdown()}
     * @throws BrokerUnavailableException when the broker has been unreachable for longer than the broker-loss timeout
     * @throws IllegalArgumentException when the input cannot be encoded as JSON or exceeds {@code maxBodyBytes}
     */
    public <I, O> CompletableFuture<O> submit(TaskType<I, O> type, I input, Duration timeout) {
        return submitter.send(type, Submitter.encode(type, input), 0, timeout, Outputs.value(type));
    }

    /**
     * Like {@link #submit(TaskType, Object, Duration)}, but the future's value also says where and how
     * the task ran (task id, attempts, {@link dev.warren.common.WorkerInfo}, trace context).
     *
     * @param timeoutOrNull as for {@code submit}; null = the default timeout
     * @throws RejectedExecutionException after {@link #shutdown()}
     * @throws BrokerUnavailableException when the broker has been unreachable for longer than the broker-loss timeout
     * @throws IllegalArgumentException when the input cannot be encoded as JSON or exceeds {@code maxBodyBytes}
     */
    public <I, O> CompletableFuture<TaskResult<O>> submitForResult(TaskType<I, O> type, I input, Duration timeoutOrNull) {
        return submitter.send(type, Submitter.encode(type, input), 0, timeoutOrNull, Outputs.result(type));
    }

    /** {@link #map(TaskType, Iterable, MapOptions)} with {@link MapOptions#DEFAULTS}. */
    public <I, O> Stream<O> map(TaskType<I, O> type, Iterable<? extends I> inputs) {
        return map(type, inputs, MapOptions.DEFAULTS);
    }

    /**
     * Applies the task to every input, like {@code Pool.map}/{@code imap}: a lazy stream of outputs
     * in input order. The input is read as the stream is consumed, with at most
     * {@code maxInFlight} messages outstanding, so an input of any length works. A failed task
     * throws its exception (e.g. {@link RemoteTaskException}) when the stream reaches it, and the
     * messages still outstanding are cancelled; closing the stream cancels them too.
     * A failure whose cause is checked (a {@link java.util.concurrent.TimeoutException}) is thrown as a
     * {@link java.util.concurrent.CompletionException} with that cause.
     *
     * <p>With {@code chunksize > 1} several inputs travel in one message (a JSON array with header
     * {@code warren-chunk}); an error reply fails every input of that chunk.
     *
     * <p>This method may be called from any thread; the returned stream, like any stream, is for one
     * thread. Submitting happens on the thread consuming the stream; after {@link #shutdown()} the
     * stream throws {@link RejectedExecutionException} when it needs to submit more (and this
     * method's stream fails on its first element).
     */
    public <I, O> Stream<O> map(TaskType<I, O> type, Iterable<? extends I> inputs, MapOptions mapOptions) {
        return results(type, inputs, mapOptions, true);
    }

    /**
     * Like {@link #map(TaskType, Iterable, MapOptions)} but yields outputs in completion order
     * ({@code imap_unordered}); the outputs of one chunk stay together, in input order. Same
     * threading, failure and shutdown behaviour as {@code map}.
     */
    public <I, O> Stream<O> mapUnordered(TaskType<I, O> type, Iterable<? extends I> inputs, MapOptions mapOptions) {
        return results(type, inputs, mapOptions, false);
    }

    /** {@link #mapUnordered(TaskType, Iterable, MapOptions)} with {@link MapOptions#DEFAULTS}. */
    public <I, O> Stream<O> mapUnordered(TaskType<I, O> type, Iterable<? extends I> inputs) {
        return mapUnordered(type, inputs, MapOptions.DEFAULTS);
    }

    /**
     * Submits every input now and yields the futures as they complete ({@code as_completed}).
     *
     * @throws RejectedExecutionException after {@link #shutdown()} (nothing is submitted then)
     */
    public <I, O> Iterable<CompletableFuture<O>> completionOrder(TaskType<I, O> type, Collection<? extends I> inputs) {
        return asCompleted(submitAll(type, inputs));
    }

    /**
     * Yields the given futures in the order they complete ({@code as_completed}); each iteration
     * registers afresh and blocks until the next one does. If the iterating thread is interrupted,
     * the interrupt is re-asserted and {@link CancellationException} is thrown. Works on any
     * futures, whatever their executor or state.
     */
    public static <T> Iterable<CompletableFuture<T>> asCompleted(Collection<CompletableFuture<T>> futures) {
        return new Completions<>(futures);
    }

    /**
     * Submits every input and waits until all are done; returns the futures in input order. If the
     * waiting thread is interrupted, the unfinished tasks are cancelled, the interrupt is re-asserted
     * and the list is returned.
     *
     * @throws RejectedExecutionException after {@link #shutdown()} (nothing is submitted then)
     */
    public <I, O> List<CompletableFuture<O>> invokeAll(TaskType<I, O> type, Collection<? extends I> inputs) {
        List<CompletableFuture<O>> futures = submitAll(type, inputs);
        for (CompletableFuture<O> f : futures) {
            try {
                f.get();
            } catch (ExecutionException | CancellationException ignored) {
                // the future holds its outcome
            } catch (InterruptedException e) {
                futures.forEach(x -> x.cancel(true));
                Thread.currentThread().interrupt();
                break;
            }
        }
        return futures;
    }

    /** Stops accepting tasks; pending tasks still complete. Idempotent; returns at once. */
    public void shutdown() {
        state.compareAndSet(Lifecycle.RUNNING, Lifecycle.SHUTDOWN);
        maybeTerminate();
    }

    /**
     * Shuts down and cancels every pending task (their futures fail with {@link CancellationException}
     * and workers are told to skip them). Streams from {@code map} then throw.
     *
     * @return the ids of the tasks it cancelled
     */
    public List<String> shutdownNow() {
        state.compareAndSet(Lifecycle.RUNNING, Lifecycle.SHUTDOWN);
        List<String> ids = new ArrayList<>();
        for (Pending<?> p : pending.removeAll()) {
            p.future.cancelLocally();
            link.publishCancel(p.taskId, Submitter.until(p));
            ids.add(p.taskId);
            pending.release();
        }
        maybeTerminate();
        return ids;
    }

    /** True once {@link #shutdown()} or {@link #shutdownNow()} was called. */
    public boolean isShutdown() { return state.get() != Lifecycle.RUNNING; }

    /** True when shut down, every task ended and the connection is closed. */
    public boolean isTerminated() { return terminated.getCount() == 0; }

    /**
     * Waits until terminated or the timeout passes.
     *
     * @return true if terminated
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    /**
     * Shuts down and waits for every pending task to end (JDK 19 {@code ExecutorService.close}):
     * if interrupted while waiting it calls {@link #shutdownNow()}, keeps waiting, and re-asserts
     * the interrupt before returning. Idempotent.
     */
    @Override public void close() {
        boolean done = isTerminated();
        if (done) return;
        shutdown();
        boolean interrupted = false;
        while (!done) {
            try {
                done = awaitTermination(1, TimeUnit.DAYS);
            } catch (InterruptedException e) {
                if (!interrupted) {
                    shutdownNow();
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    @Override public String toString() {
        return "TaskExecutor[" + options.clientId() + ", " + state.get() + ", pending=" + pending.active() + "]";
    }

    // ---------------------------------------------------------------- internals

    /** Tasks not yet ended (for tests and diagnostics). */
    int pendingCount() { return pending.active(); }

    /** Whether the connection is up (false while recovering). */
    boolean connected() { return link.connected(); }

    /** The client-provided connection name, as the broker lists it. */
    String connectionName() { return "warren-producer " + options.clientId(); }

    private <I, O> List<CompletableFuture<O>> submitAll(TaskType<I, O> type, Collection<? extends I> inputs) {
        List<CompletableFuture<O>> futures = new ArrayList<>(inputs.size());
        try {
            for (I in : inputs) futures.add(submit(type, in));
        } catch (RuntimeException e) {
            futures.forEach(f -> f.cancel(true));
            throw e;
        }
        return futures;
    }

    private <I, O> Stream<O> results(TaskType<I, O> type, Iterable<? extends I> inputs, MapOptions mo, boolean ordered) {
        Objects.requireNonNull(type, "type");
        int chunksize = mo.chunksize();
        Duration timeout = mo.timeout().orElse(null);
        return new Results<I, O>(inputs.iterator(), chunksize, mo.maxInFlight().orElse(options.maxInFlight()), ordered,
                chunk -> chunksize == 1
                        ? submitter.send(type, Submitter.encode(type, chunk.get(0)), 0, timeout, Outputs.single(type))
                        : submitter.send(type, Submitter.encode(type, chunk), chunk.size(), timeout,
                                Outputs.chunk(type, chunk.size())))
                .stream();
    }

    private void maybeTerminate() {
        if (pending.active() != 0 || !state.compareAndSet(Lifecycle.SHUTDOWN, Lifecycle.TERMINATED)) return;
        try {
            link.close();
        } finally {
            timer.shutdownNow();
            if (ownPool != null) ownPool.shutdown();
            terminated.countDown();
        }
    }
}
