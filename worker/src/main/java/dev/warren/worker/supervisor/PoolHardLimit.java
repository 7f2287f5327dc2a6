package dev.warren.worker.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a child whose current task (known from its {@code start} event) has run longer than the hard
 * time limit. The task goes back to the queue and the next attempt counts it. Runs on the pool's scheduler.
 */
final class PoolHardLimit implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ChildPool.class);

    private final Duration limit;
    private final Supplier<List<ChildProcess>> children;

    PoolHardLimit(Duration limit, Supplier<List<ChildProcess>> children) {
        this.limit = limit;
        this.children = children;
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        for (ChildProcess c : children.get()) {
            String task = c.taskId;
            if (task != null && !c.killedForHardLimit && now - c.taskStartedNanos > limit.toNanos()) {
                c.killedForHardLimit = true;
                ChildProcessIo.withChild(c, () -> log.warn("task {} {} overran the hard time limit of {} ms; killing the child",
                        c.taskName, task, limit.toMillis()));
                c.process.destroyForcibly();
            }
        }
    }
}
