package dev.warren.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** The measuring loops, the same for both sides. */
final class Measure {
    /** Submits a task for an index; may throw. */
    interface Task { CompletableFuture<?> submit(int i) throws Exception; }

    private Measure() {}

    /** n tasks with at most {@code window} outstanding; returns tasks per second. */
    static double pipelined(int n, int window, Task task) throws Exception {
        Semaphore slots = new Semaphore(window);
        CountDownLatch done = new CountDownLatch(n);
        AtomicReference<Throwable> error = new AtomicReference<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n && error.get() == null; i++) {
            slots.acquire();
            task.submit(i).whenComplete((v, e) -> {
                if (e != null) error.compareAndSet(null, e);
                slots.release();
                done.countDown();
            });
        }
        if (error.get() == null && !done.await(10, TimeUnit.MINUTES)) throw new IllegalStateException("tasks did not finish");
        if (error.get() != null) throw new IllegalStateException("a task failed: " + error.get(), error.get());
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /** n round trips one at a time; returns each latency in nanoseconds. */
    static long[] sequential(int n, Task task) throws Exception {
        long[] lat = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            task.submit(i).get(60, TimeUnit.SECONDS);
            lat[i] = System.nanoTime() - t0;
        }
        return lat;
    }
}
