package dev.warren.worker.child;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
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
 *
 * <p>The task connection's consumer callbacks run here too ({@link #asConsumerExecutor}): amqp-client hands its
 * dispatch work straight to the loop, so a delivery reaches the task's thread with one thread hand-off (from the
 * connection's I/O thread), as it does for a plain amqp-client consumer.
 */
final class MainLoop implements Executor {
    private static final ScheduledExecutorService TIMER = DaemonTimer.named("warren-child-timer");
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

    /**
     * This loop as an amqp-client consumer executor ({@code ConnectionFactory.newConnection(ExecutorService)}):
     * amqp-client only calls {@code execute} on an executor it was given (it never shuts one down), so the
     * lifecycle methods do nothing; the loop ends by {@link #run}'s condition, not by a shutdown.
     */
    ExecutorService asConsumerExecutor() {
        return new AbstractExecutorService() {
            @Override public void execute(Runnable job) { MainLoop.this.execute(job); }
            @Override public void shutdown() { }
            @Override public List<Runnable> shutdownNow() { return List.of(); }
            @Override public boolean isShutdown() { return false; }
            @Override public boolean isTerminated() { return false; }
            @Override public boolean awaitTermination(long timeout, TimeUnit unit) { return false; }
        };
    }

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
