package dev.warren.producer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The lazy result iterators of {@code map} and {@code mapUnordered}. Both read the input only as
 * far as the window allows: at most {@code window} messages (chunks) are outstanding; each
 * {@code hasNext} tops the window up before it waits.
 *
 * <pre>
 *  inputs ──chunk(chunksize)──► submit ──► window (≤ maxInFlight futures of List&lt;O&gt;)
 *                                              │ ordered: wait for the head   │ unordered: take whichever completes
 *                                              ▼                                ▼
 *                                         flatten the chunk's outputs ──► next()
 * </pre>
 *
 * A failed message throws when the iteration reaches it (its exception if unchecked, else a
 * {@link CompletionException}); the messages still outstanding are then cancelled.
 */
final class Results<I, O> implements Iterator<O> {
    private final Iterator<? extends I> inputs;
    private final int chunksize;
    private final int window;
    private final boolean ordered;
    private final Function<List<I>, CompletableFuture<List<O>>> submit;
    private final ArrayDeque<CompletableFuture<List<O>>> inFlight = new ArrayDeque<>();
    private final LinkedBlockingQueue<CompletableFuture<List<O>>> done = new LinkedBlockingQueue<>();
    private final java.util.Set<CompletableFuture<List<O>>> live =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private int outstanding;
    private boolean stopped;
    private Iterator<O> current = Collections.emptyIterator();

    Results(Iterator<? extends I> inputs, int chunksize, int window, boolean ordered,
            Function<List<I>, CompletableFuture<List<O>>> submit) {
        this.inputs = inputs;
        this.chunksize = chunksize;
        this.window = window;
        this.ordered = ordered;
        this.submit = submit;
    }

    Stream<O> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false)
                .onClose(this::cancelOutstanding);
    }

    /** Splits the next inputs into one chunk of at most {@code size} elements (empty when the input is exhausted). */
    static <I> List<I> nextChunk(Iterator<? extends I> inputs, int size) {
        if (size == 1) return inputs.hasNext() ? Collections.singletonList(inputs.next()) : List.of();
        List<I> chunk = new ArrayList<>(Math.min(size, 1024));
        while (chunk.size() < size && inputs.hasNext()) chunk.add(inputs.next());
        return chunk;
    }

    private void fill() {
        while (!stopped && outstanding < window && inputs.hasNext()) {
            CompletableFuture<List<O>> f = submit.apply(nextChunk(inputs, chunksize));
            outstanding++;
            live.add(f);
            if (ordered) inFlight.add(f); else f.whenComplete((v, e) -> done.add(f));
        }
    }

    @Override public boolean hasNext() {
        while (!current.hasNext()) {
            fill();
            if (outstanding == 0) return false;
            CompletableFuture<List<O>> f;
            try {
                f = ordered ? inFlight.poll() : done.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancelOutstanding();
                throw new CancellationException("interrupted while waiting for results");
            }
            outstanding--;
            live.remove(f);
            current = await(f).iterator();
        }
        return true;
    }

    @Override public O next() {
        if (!hasNext()) throw new NoSuchElementException();
        return current.next();
    }

    private List<O> await(CompletableFuture<List<O>> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            cancelOutstanding();
            throw new CancellationException("interrupted while waiting for results");
        } catch (ExecutionException e) {
            cancelOutstanding();
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new CompletionException(cause);
        } catch (CancellationException e) {
            cancelOutstanding();
            throw e;
        }
    }

    /** Cancels every message still outstanding (on failure, interrupt or stream close). */
    void cancelOutstanding() {
        for (CompletableFuture<List<O>> f : new ArrayList<>(live)) f.cancel(true);
        live.clear();
        inFlight.clear();
        stopped = true;
        outstanding = 0;
    }
}
