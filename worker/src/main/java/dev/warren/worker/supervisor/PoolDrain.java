package dev.warren.worker.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a pool: under the pool lock it stops all starting (no restart, no recycle), then it sends {@code drain}
 * to every child, waits on the pool lock until every exit was reported or the timeout passed, and kills what is left.
 */
final class PoolDrain {
    private static final Logger log = LoggerFactory.getLogger(ChildPool.class);
    private static final long AFTER_KILL_MS = 10_000;

    private PoolDrain() {}

    /** @return true when every child exited on its own within the timeout */
    static boolean run(PoolState state, SlotRestarter restarter, ChildRecycler recycler, ExecutorService scheduler,
                       Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ChildProcess> toDrain;
        synchronized (state) {
            state.draining = true;
            recycler.clear();
            restarter.cancelAll();
            toDrain = state.aliveCopy();
            for (ChildProcess c : toDrain) markDraining(c);
        }
        scheduler.shutdownNow();
        for (ChildProcess c : toDrain) send(c);
        boolean clean = awaitNoneAlive(state, deadline);
        if (!clean) {
            List<ChildProcess> left;
            synchronized (state) { left = state.aliveCopy(); }
            for (ChildProcess c : left) {
                ChildProcessIo.withChild(c, () -> log.warn("did not drain within {} ms; killing it", timeout.toMillis()));
                c.process.destroyForcibly();
            }
            awaitNoneAlive(state, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AFTER_KILL_MS));
        }
        return clean;
    }

    /** Under the pool lock: the child is told to drain (now or by {@link #send}). */
    static void markDraining(ChildProcess c) {
        if (c.state != ChildProcess.State.EXITED) c.state = ChildProcess.State.DRAINING;
        c.drainSent = true;
    }

    /** Writes {@code drain} on the child's stdin. */
    static void send(ChildProcess c) {
        if (!c.send("drain")) log.debug("{} stdin already closed", c);
    }

    private static boolean awaitNoneAlive(PoolState state, long deadlineNanos) {
        synchronized (state) {
            while (!state.alive.isEmpty()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) return false;
                try {
                    TimeUnit.NANOSECONDS.timedWait(state, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return state.alive.isEmpty();
                }
            }
            return true;
        }
    }
}
