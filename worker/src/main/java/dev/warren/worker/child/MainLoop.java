package dev.warren.worker.child;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The child's main loop: one thread runs every job (a delivery, a re-check after a crash-note wait,
 * a reply retry) one at a time, in the order they were handed in; other threads only hand jobs in.
 * Work promised for later is <em>held</em>: the loop does not count as idle until it has run, so a
 * drain cannot end the loop while a reply retry or a crash-note wait is pending. Nothing here sleeps:
 * the loop blocks until a job arrives.
 */
final class MainLoop implements Executor {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "warren-child-timer");
        t.setDaemon(true);
        return t;
    });
    private static final Runnable WAKE = () -> { };

    private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final AtomicInteger held = new AtomicInteger();

    /** A job handed in once, by whichever of its triggers comes first; until it has run the loop is not idle. */
    final class Held {
        private final AtomicBoolean released = new AtomicBoolean();
        private final Runnable job;

        private Held(Runnable job) { this.job = job; }

        /** Hands the job in; only the first call does anything. Any thread. */
        void release() {
            if (!released.compareAndSet(false, true)) return;
            inbox.add(() -> {
                try {
                    job.run();
                } finally {
                    held.decrementAndGet();
                }
            });
        }

        /** Releases it after {@code delayMs} unless something released it earlier. */
        Held releaseAfter(long delayMs) {
            TIMER.schedule(this::release, delayMs, TimeUnit.MILLISECONDS);
            return this;
        }
    }

    /** Hands a job in now. Any thread. */
    @Override public void execute(Runnable job) { inbox.add(job); }

    /** Holds a job for later: it runs when {@link Held#release()} is first called. */
    Held hold(Runnable job) {
        held.incrementAndGet();
        return new Held(job);
    }

    /** Runs a job on the loop after {@code delayMs}; the loop is not idle meanwhile. */
    void later(long delayMs, Runnable job) { hold(job).releaseAfter(delayMs); }

    /** Wakes the loop so it re-checks whether it is done. Any thread. */
    void wake() { inbox.add(WAKE); }

    /** No job waiting and none held. */
    boolean idle() { return inbox.isEmpty() && held.get() == 0; }

    /**
     * Runs jobs on the calling thread until {@code done} is true; {@code done} and {@code whenIdle} are
     * checked each time the inbox runs empty. A job's exception ends the loop (crash-only).
     */
    void run(BooleanSupplier done, Runnable whenIdle) throws InterruptedException {
        while (true) {
            inbox.take().run();
            if (inbox.isEmpty()) {
                whenIdle.run();
                if (done.getAsBoolean()) return;
            }
        }
    }
}
