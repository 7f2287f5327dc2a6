package dev.warren.worker.supervisor;

import java.time.Duration;

/**
 * How long a slot waits before restarting a child that failed: nothing for the first failure, then
 * 250 ms doubling up to 10 s while the slot's children keep dying within {@link #QUICK_DEATH} of starting.
 */
final class PoolBackoff {
    static final Duration QUICK_DEATH = Duration.ofSeconds(5);
    static final long FIRST_DELAY_MS = 250;
    static final long MAX_DELAY_MS = 10_000;

    private PoolBackoff() {}

    /** The delay before restarting after the {@code failures}-th consecutive quick failure (1-based). */
    static long delayMs(int failures) {
        if (failures <= 1) return 0;
        int shift = failures - 2;
        if (shift >= 16) return MAX_DELAY_MS;
        return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS << shift);
    }

    /** The slot's failure count after a child that ran for {@code uptime} failed. */
    static int nextFailures(int failures, Duration uptime) {
        return uptime.compareTo(QUICK_DEATH) < 0 ? failures + 1 : 1;
    }
}
