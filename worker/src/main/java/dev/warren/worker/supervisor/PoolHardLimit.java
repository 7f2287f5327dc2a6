package dev.warren.worker.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a child whose current task (known from its slot or its {@code start} event) has run longer than the hard
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
        long now = System.currentTimeMillis();
        for (ChildProcess c : children.get()) {
            ChildProcess.Running r = c.running();
            String task = r == null ? null : r.taskId();
            if (task != null && !c.killedForHardLimit && now - r.startedMs() > limit.toMillis()) {
                c.killedForHardLimit = true;
                ChildProcessIo.withChild(c, () -> log.warn("task {} {} overran the hard time limit of {} ms; killing the child",
                        r.task(), task, limit.toMillis()));
                c.process.destroyForcibly();
            }
        }
    }
}
