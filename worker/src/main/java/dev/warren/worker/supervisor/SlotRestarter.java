package dev.warren.worker.supervisor;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refills a slot whose child ended: at once, or after the {@link RestartPolicy}'s backoff on the pool's scheduler.
 * Guarded by the pool lock ({@link PoolState}): its methods are called with it held, and a delayed restart takes it.
 */
final class SlotRestarter {
    private static final Logger log = LoggerFactory.getLogger(ChildPool.class);

    private final PoolState state;
    private final ScheduledExecutorService scheduler;
    private final Consumer<PoolSlot> spawn;

    /** @param spawn starts a child in a slot; called with the pool lock held */
    SlotRestarter(PoolState state, ScheduledExecutorService scheduler, Consumer<PoolSlot> spawn) {
        this.state = state;
        this.scheduler = scheduler;
        this.spawn = spawn;
    }

    /** The slot's child exited for this cause after this uptime: start the next one now or later. */
    void afterExit(PoolSlot slot, PoolExitCause cause, Duration uptime) {
        long delay = slot.restartDelayMs(cause, uptime);
        if (delay == 0) {
            spawn.accept(slot);
        } else {
            log.warn("{} keeps failing; next start in {} ms", slot, delay);
            schedule(slot, delay);
        }
    }

    /** A child could not even be started in the slot (the java command failed): try again later. */
    void afterSpawnFailure(PoolSlot slot, String childId, Exception e) {
        slot.failures++;
        long delay = RestartPolicy.spawnRetryDelayMs(slot.failures);
        log.error("cannot start {} in {}: {}; retrying in {} ms", childId, slot, e.getMessage(), delay);
        schedule(slot, delay);
    }

    /** Cancels every scheduled restart (the pool drains or gave up). */
    void cancelAll() {
        for (PoolSlot s : state.slots) {
            if (s.restart != null) s.restart.cancel(false);
            s.restart = null;
        }
    }

    private void schedule(PoolSlot slot, long delayMs) {
        if (state.closed()) return;
        slot.restart = scheduler.schedule(() -> {
            synchronized (state) {
                slot.restart = null;
                if (slot.active == null && !state.closed()) spawn.accept(slot);
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }
}
