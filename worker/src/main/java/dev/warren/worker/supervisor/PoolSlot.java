package dev.warren.worker.supervisor;

import java.util.concurrent.ScheduledFuture;

/** One place in the pool: the child that holds it, and during a recycle the child it replaces. Guarded by the pool's lock. */
final class PoolSlot {
    final int index;
    ChildProcess active;
    /** The child being recycled while {@link #active} (its replacement) starts. */
    ChildProcess retiring;
    /** Consecutive quick failures, for {@link PoolBackoff}. */
    int failures;
    ScheduledFuture<?> restart;

    PoolSlot(int index) { this.index = index; }

    /** Counts the exit of its child and returns how long to wait before starting the next one. */
    long restartDelayMs(PoolExitCause cause, java.time.Duration uptime) {
        if (!cause.failure()) {
            failures = 0;
            return 0;
        }
        failures = PoolBackoff.nextFailures(failures, uptime);
        return PoolBackoff.delayMs(failures);
    }
}
