package dev.warren.producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@code Iterable} over futures in the order they complete (Python's {@code as_completed}): each distinct future
 * once, however often it was given. With a timeout, one deadline counts from {@code startNanos}; a {@code next()} that
 * would wait past it throws a {@link CompletionException} whose cause is a {@link TimeoutException}.
 */
final class Completions<T> implements Iterable<CompletableFuture<T>> {
    private final List<CompletableFuture<T>> futures;
    private final Duration timeout;
    private final long deadlineNanos;
    private final boolean cancelOnTimeout;

    /**
     * @param timeout         null = wait as long as it takes
     * @param startNanos      when the timeout started ({@link System#nanoTime()})
     * @param cancelOnTimeout whether a timeout cancels the futures not done yet (for futures the caller has no other handle on)
     */
    Completions(Collection<CompletableFuture<T>> futures, Duration timeout, long startNanos, boolean cancelOnTimeout) {
        Set<CompletableFuture<T>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<CompletableFuture<T>> distinct = new ArrayList<>(futures.size());
        for (CompletableFuture<T> f : futures) {
            if (seen.add(java.util.Objects.requireNonNull(f, "future"))) distinct.add(f);
        }
        this.futures = List.copyOf(distinct);
        this.timeout = timeout;
        this.deadlineNanos = timeout == null ? 0 : startNanos + timeout.toNanos();
        this.cancelOnTimeout = cancelOnTimeout;
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
                    CompletableFuture<T> f = timeout == null ? done.take()
                            : done.poll(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (f == null) throw timedOut(left);
                    left--;
                    return f;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted while waiting for the next completed future");
                }
            }
        };
    }

    /** The timeout, checked: null or positive. @throws IllegalArgumentException otherwise */
    static Duration check(Duration timeout) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return timeout;
    }

    /** invokeAll's wait: every future done, or on interrupt the unfinished ones cancelled and the interrupt re-asserted. */
    static <T> List<CompletableFuture<T>> awaitAll(List<CompletableFuture<T>> futures) {
        for (CompletableFuture<T> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException | CancellationException ignored) {
                // the future holds its outcome
            } catch (InterruptedException e) {
                futures.forEach(x -> x.cancel(true));
                Thread.currentThread().interrupt();
                break;
            }
        }
        return futures;
    }

    private CompletionException timedOut(int left) {
        if (cancelOnTimeout) futures.forEach(f -> f.cancel(true));
        return new CompletionException(new TimeoutException(left + " of " + futures.size()
                + " futures not completed within " + timeout));
    }
}
