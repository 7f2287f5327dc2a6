package dev.warren.producer;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The threads an executor owns: one timer (task timeouts, broker-loss checks, reply ack flushes) and, unless the
 * options name a completion executor, the completion pool. {@link #close()} stops what is ours, never the user's.
 */
final class Resources implements AutoCloseable {
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService ownPool;
    private final Executor completion;

    Resources(ProducerOptions options) {
        this.timer = new ScheduledThreadPoolExecutor(1, Threads.named("warren-timer-" + options.clientId() + "-"));
        timer.setRemoveOnCancelPolicy(true); // a reply cancels its timeout: do not keep a million dead timers
        this.ownPool = options.completionExecutor().isPresent() ? null : Executors.newFixedThreadPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()), Threads.named(Threads.COMPLETION_PREFIX));
        this.completion = options.completionExecutor().orElse(ownPool);
    }

    ScheduledExecutorService timer() { return timer; }

    Executor completion() { return completion; }

    /** Stops the timer at once and lets the own completion pool finish what it was given. */
    @Override public void close() {
        timer.shutdownNow();
        if (ownPool != null) ownPool.shutdown();
    }
}
