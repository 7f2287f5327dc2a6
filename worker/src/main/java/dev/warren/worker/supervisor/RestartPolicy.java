package dev.warren.worker.supervisor;

import dev.warren.common.internal.Backoff;
import java.time.Duration;

/**
 * When a slot starts its next child after one failed: at once after the first failure, then after {@link #BACKOFF}
 * (250 ms doubling up to 10 s) while the slot's children keep dying within {@link #QUICK_DEATH} of starting. A child
 * that ran longer starts the count over. Pure functions over the slot's failure count.
 */
final class RestartPolicy {
    static final Duration QUICK_DEATH = Duration.ofSeconds(5);
    static final Backoff BACKOFF = Backoff.exponential(Duration.ofMillis(250), Duration.ofSeconds(10));

    private RestartPolicy() {}

    /** The delay before restarting after the {@code failures}-th consecutive quick failure (1-based; 0 = none). */
    static long delayMs(int failures) {
        return failures <= 1 ? 0 : BACKOFF.delayMs(failures - 1);
    }

    /** The delay before retrying a child that could not even be started (never zero: the cause is local). */
    static long spawnRetryDelayMs(int failures) {
        return Math.max(BACKOFF.first().toMillis(), delayMs(failures));
    }

    /** The slot's failure count after a child that ran for {@code uptime} failed. */
    static int nextFailures(int failures, Duration uptime) {
        return uptime.compareTo(QUICK_DEATH) < 0 ? failures + 1 : 1;
    }
}
