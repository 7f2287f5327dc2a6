package dev.warren.worker.supervisor;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warm spare children ({@code WARREN_SPARE_CHILDREN}, {@link SpareChildren}): started and connected, not consuming.
 * When a slot needs a child (a crash, a recycle) a connected spare takes it at once ({@code consume}: one AMQP
 * round trip instead of a JVM start), and a new spare starts behind it. A spare that dies is replaced, after the
 * {@link RestartPolicy}'s backoff when spares keep failing before they connect. Guarded by the pool lock
 * ({@link PoolState}): every method is called with it held, and a delayed refill takes it.
 */
final class PoolSpares {
    private static final Logger log = LoggerFactory.getLogger(ChildPool.class);

    /** Starts a spare child process (already added to the pool's state and watched). */
    interface Starter {
        ChildProcess startSpare() throws IOException;
    }

    private final PoolState state;
    private final ScheduledExecutorService scheduler;
    private final int wanted;
    private final Starter starter;
    private int failures;
    private ScheduledFuture<?> refill;

    PoolSpares(PoolState state, ScheduledExecutorService scheduler, int wanted, Starter starter) {
        this.state = state;
        this.scheduler = scheduler;
        this.wanted = Math.max(0, wanted);
        this.starter = starter;
    }

    int wanted() { return wanted; }

    /** Starts spares until there are as many as wanted (none once the pool is closed). */
    void fill() {
        if (refill != null) return; // a backoff is running: it fills
        while (state.spares.size() < wanted && !state.closed()) {
            try {
                state.spares.add(starter.startSpare());
            } catch (IOException | RuntimeException e) {
                failures++;
                log.error("cannot start a spare child: {}", e.toString());
                later();
                return;
            }
        }
    }

    /**
     * A spare for a slot, taken out of the spares: a connected one, else the oldest still starting (it is further
     * along than a new JVM; told {@code consume} while it connects, it consumes once connected); null when none.
     */
    ChildProcess take() {
        ChildProcess pick = null;
        for (ChildProcess c : state.spares) {
            if (c.state == ChildProcess.State.SPARE) {
                pick = c;
                break;
            }
            if (pick == null && c.state == ChildProcess.State.STARTING) pick = c;
        }
        if (pick != null) state.spares.remove(pick);
        return pick;
    }

    /** The spare said {@code connected}. */
    void connected(ChildProcess c) {
        if (c.state == ChildProcess.State.STARTING && c.slot == ChildProcess.NO_SLOT) {
            c.state = ChildProcess.State.SPARE;
            failures = 0;
        }
    }

    /** A spare ended (it is out of the spares already): start another, later if they keep failing. */
    void exited(ChildProcess c) {
        if (state.closed()) return;
        if (c.everConnected) {
            fill();
            return;
        }
        failures++;
        later();
    }

    /** Cancels a pending refill (the pool drains or gave up). */
    void cancel() {
        if (refill != null) refill.cancel(false);
        refill = null;
    }

    private void later() {
        if (refill != null || state.closed()) return;
        long delay = RestartPolicy.delayMs(Math.max(1, failures));
        refill = scheduler.schedule(() -> {
            synchronized (state) {
                refill = null;
                fill();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }
}
