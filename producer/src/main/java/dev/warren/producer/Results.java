package dev.warren.producer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One {@code map} or {@code mapUnordered} call: reads the input in chunks, keeps at most {@code window} messages
 * outstanding, and yields outputs in input order (ordered) or as messages complete (unordered). Chunk sizes and the
 * window come from its {@link Chunking} (fixed, or adaptive: they change as results come in).
 *
 * <pre>
 *  map() ─► start(): publish up to window chunks on the caller's thread
 *  inputs ──chunk(nextSize)──► submit(chunk, deadline) ──► unread (≤ window futures of List&lt;O&gt;)
 *                                         │ ordered: wait for the head   │ unordered: take whichever completes
 *                                         ▼                                ▼
 *                                    flatten the chunk's outputs ──► next()
 *  top-ups: by the reader (hasNext) while the executor runs — the input is read as results are consumed, and
 *           every tick while a growing window waits; after detach() (shutdown) also by each completion, so the
 *           map runs to its end without a reader.
 * </pre>
 *
 * A failed message throws when the iteration reaches it (its exception if unchecked, else a
 * {@link CompletionException}); the messages still outstanding are then cancelled. Past the map's deadline no
 * chunk is submitted: the next one fails with a {@link TimeoutException} instead. {@code onEnd} runs once, when
 * nothing more will be submitted (input exhausted, deadline, failure to submit, or {@link #stop()}).
 */
final class Results<I, O> implements Iterator<O> {
    /**
     * Publishes one chunk with the map's deadline (epoch ms, 0 = none); may throw. Returns null, publishing
     * nothing, when a chunk of several inputs is too large to send: the chunk is then split in two.
     */
    interface Submit<I, O> { CompletableFuture<List<O>> submit(List<I> chunk, long deadline); }

    /** How long the reader waits before it re-checks a growing window. */
    static final long TICK_NANOS = AdaptiveChunks.PROBE_TICK_MILLIS * 1_000_000L;

    private final Iterator<? extends I> inputs; // read under lock only
    private final ArrayDeque<I> carried = new ArrayDeque<>(); // read before the inputs: the back half of a split chunk
    private final Chunking chunking;
    private final boolean ordered;
    private final long deadline;
    private final LongSupplier clock;
    private final Submit<I, O> submit;
    private final Consumer<Results<?, ?>> onEnd;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Object lock = new Object();
    /** Submitted and not yet taken by the reader (all of them: for cancelling). Guarded by lock, as the rest. */
    private final Set<CompletableFuture<List<O>>> unread = new HashSet<>();
    private final ArrayDeque<CompletableFuture<List<O>>> inOrder = new ArrayDeque<>(); // ordered: unread, input order
    private final LinkedBlockingQueue<CompletableFuture<List<O>>> done = new LinkedBlockingQueue<>(); // unordered
    private int running; // submitted and not yet complete
    private boolean inputDone;
    private boolean stopped;
    private boolean detached;
    private boolean filling;
    private volatile boolean cancelledByExecutor;
    private Iterator<O> current = Collections.emptyIterator(); // the reader's

    Results(Iterator<? extends I> inputs, Chunking chunking, boolean ordered, long deadline, LongSupplier clock,
            Submit<I, O> submit, Consumer<Results<?, ?>> onEnd) {
        this.inputs = inputs;
        this.chunking = chunking;
        this.ordered = ordered;
        this.deadline = deadline;
        this.clock = clock;
        this.submit = submit;
        this.onEnd = onEnd;
    }

    Stream<O> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false)
                .onClose(this::stop);
    }

    /** Splits the next inputs into one chunk of at most {@code size} elements (empty when the input is exhausted). */
    static <I> List<I> nextChunk(Iterator<? extends I> inputs, int size) {
        if (size == 1) return inputs.hasNext() ? Collections.singletonList(inputs.next()) : List.of();
        List<I> chunk = new ArrayList<>(Math.min(size, 1024));
        while (chunk.size() < size && inputs.hasNext()) chunk.add(inputs.next());
        return chunk;
    }

    /** Publishes the first window on the calling thread; a failure to submit is thrown here, and nothing stays out. */
    void start() {
        try {
            synchronized (lock) {
                fill(true);
            }
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    /** The executor shut down: from now on completions top the window up too, so the map ends without a reader. */
    void detach() {
        synchronized (lock) {
            detached = true;
            fill(false);
        }
    }

    private void fill(boolean throwing) {
        if (filling) return; // a future that completed at once re-entered: the loop below re-checks
        filling = true;
        try {
            while (!stopped && !inputDone && (detached ? running : unread.size()) < chunking.window()) {
                CompletableFuture<List<O>> f;
                try {
                    if (deadline > 0 && clock.getAsLong() >= deadline) {
                        throw new CompletionException(new TimeoutException("map got no further results within its timeout"));
                    }
                    List<I> chunk = nextChunk(chunking.nextSize());
                    if (chunk.isEmpty()) {
                        inputDone = true;
                        break;
                    }
                    f = submit.submit(chunk, deadline);
                    while (f == null && chunk.size() > 1) { // too large: send the front half, keep the rest for next
                        List<I> back = chunk.subList(chunk.size() / 2, chunk.size());
                        for (int i = back.size() - 1; i >= 0; i--) carried.addFirst(back.get(i));
                        chunk = new ArrayList<>(chunk.subList(0, chunk.size() / 2));
                        f = submit.submit(chunk, deadline);
                    }
                    if (f == null) throw new IllegalStateException("a single input was refused as too large");
                } catch (RuntimeException e) {
                    if (throwing) throw e;
                    inputDone = true; // nothing more is read: the reader meets this failure in its place
                    f = CompletableFuture.failedFuture(e instanceof CompletionException c && c.getCause() != null
                            ? c.getCause() : e);
                }
                track(f);
            }
        } finally {
            filling = false;
        }
        if (inputDone) end();
    }

    private void track(CompletableFuture<List<O>> f) {
        running++;
        unread.add(f);
        if (ordered) inOrder.add(f);
        f.whenComplete((v, e) -> completed(f));
    }

    private void completed(CompletableFuture<List<O>> f) {
        synchronized (lock) {
            running--;
            if (!ordered) done.add(f); // cancelled ones too: a reader blocked in take() must wake up
            if (detached) fill(false);
        }
    }

    @Override public boolean hasNext() {
        while (!current.hasNext()) {
            CompletableFuture<List<O>> f;
            synchronized (lock) {
                if (cancelledByExecutor) throw new CancellationException("the executor was shut down with shutdownNow()");
                fill(false);
                if (unread.isEmpty()) return false;
                f = ordered ? inOrder.peek() : null;
            }
            if (f == null) f = takeCompleted();
            if (f == null) continue; // a growing window's tick: top up, then wait again
            List<O> out = await(f);
            if (out == null) continue;
            synchronized (lock) {
                unread.remove(f);
                if (ordered) inOrder.remove(f);
            }
            current = out.iterator();
        }
        return true;
    }

    @Override public O next() {
        if (!hasNext()) throw new NoSuchElementException();
        return current.next();
    }

    /** The chunk for the next message: carried inputs first, then the input's. */
    private List<I> nextChunk(int size) {
        if (carried.isEmpty()) return nextChunk(inputs, size);
        List<I> chunk = new ArrayList<>(Math.min(size, carried.size() + 16));
        while (chunk.size() < size && !carried.isEmpty()) chunk.add(carried.poll());
        while (chunk.size() < size && inputs.hasNext()) chunk.add(inputs.next());
        return chunk;
    }

    /** The next completed message (unordered); null when a growing window's tick passed first. */
    private CompletableFuture<List<O>> takeCompleted() {
        try {
            if (chunking.growing()) return done.poll(TICK_NANOS, TimeUnit.NANOSECONDS);
            return done.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new CancellationException("interrupted while waiting for results");
        }
    }

    /** The message's outputs; null when a growing window's tick passed first. */
    private List<O> await(CompletableFuture<List<O>> f) {
        try {
            if (chunking.growing() && !f.isDone()) {
                try {
                    return f.get(TICK_NANOS, TimeUnit.NANOSECONDS);
                } catch (TimeoutException tick) {
                    return null;
                }
            }
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new CancellationException("interrupted while waiting for results");
        } catch (ExecutionException e) {
            stop();
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new CompletionException(cause);
        } catch (CancellationException e) {
            stop();
            throw e;
        }
    }

    /** shutdownNow(): {@link #stop()}, and the reader gets a {@link CancellationException} instead of an early end. */
    void cancel() {
        cancelledByExecutor = true;
        stop();
    }

    /** Cancels every message still outstanding and submits nothing more (on failure, interrupt, stream close). */
    void stop() {
        synchronized (lock) {
            stopped = true;
            for (CompletableFuture<List<O>> f : new ArrayList<>(unread)) f.cancel(true);
            unread.clear();
            inOrder.clear();
        }
        end();
    }

    private void end() {
        if (ended.compareAndSet(false, true)) onEnd.accept(this);
    }
}
