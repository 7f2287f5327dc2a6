package dev.warren.producer;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/** An {@code Iterable} over futures in the order they complete (Python's {@code as_completed}). */
final class Completions<T> implements Iterable<CompletableFuture<T>> {
    private final List<CompletableFuture<T>> futures;

    Completions(Collection<CompletableFuture<T>> futures) {
        this.futures = List.copyOf(futures);
    }

    /**
     * Each call registers on every future afresh and yields each exactly once as it completes.
     * {@code next()} blocks; if interrupted it re-asserts the interrupt and throws {@link CancellationException}.
     */
    @Override public Iterator<CompletableFuture<T>> iterator() {
        LinkedBlockingQueue<CompletableFuture<T>> done = new LinkedBlockingQueue<>();
        for (CompletableFuture<T> f : futures) f.whenComplete((v, e) -> done.add(f));
        return new Iterator<>() {
            private int left = futures.size();

            @Override public boolean hasNext() { return left > 0; }

            @Override public CompletableFuture<T> next() {
                if (left == 0) throw new NoSuchElementException();
                try {
                    CompletableFuture<T> f = done.take();
                    left--;
                    return f;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted while waiting for the next completed future");
                }
            }
        };
    }
}
