package dev.warren.worker.supervisor;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * One place in the pool and the child that holds it. A child being recycled leaves its slot as soon as its
 * replacement is started (it is then {@link ChildProcess#retired}). Guarded by the pool lock ({@link PoolState}).
 */
final class PoolSlot {
    final int index;
    /** The child holding the slot (starting, consuming, or asking to be recycled), or null between two. */
    ChildProcess active;
    /** Consecutive quick failures, for {@link RestartPolicy}. */
    int failures;
    /** A restart scheduled after a backoff, or null. */
    ScheduledFuture<?> restart;

    PoolSlot(int index) { this.index = index; }

    /** Counts the exit of its child and returns how long to wait before starting the next one. */
    long restartDelayMs(PoolExitCause cause, Duration uptime) {
        if (!cause.failure()) {
            failures = 0;
            return 0;
        }
        failures = RestartPolicy.nextFailures(failures, uptime);
        return RestartPolicy.delayMs(failures);
    }

    @Override public String toString() { return "slot " + index; }
}
