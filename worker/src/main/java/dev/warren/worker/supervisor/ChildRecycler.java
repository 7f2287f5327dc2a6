package dev.warren.worker.supervisor;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recycling, one child at a time: a child that asks (max tasks or max memory) waits in a queue for its turn; then its
 * slot goes to a replacement at once (the child is {@link ChildProcess#retired}), and when the replacement is ready
 * the retired child is drained and the next one's turn comes. A request is never dropped: it waits whatever else is
 * being recycled, in its slot or another (a child that reached max tasks consumes no more, so a lost request would
 * leave it idle for good). Guarded by the pool lock ({@link PoolState}); all methods are called with it held.
 */
final class ChildRecycler {
    private static final Logger log = LoggerFactory.getLogger(ChildPool.class);

    /** What the recycler asks of the pool, with the pool lock held. */
    interface Pool {
        /** Starts a child in the slot now, or after a backoff when it cannot. */
        void spawn(PoolSlot slot);

        /** Sends {@code drain} to the child. */
        void drain(ChildProcess c);
    }

    private final PoolState state;
    private final Pool pool;
    private final Deque<ChildProcess> waiting = new ArrayDeque<>();
    /** The slot whose replacement is starting, or null. */
    private PoolSlot replacing;
    /** The child that replacement replaces, until it is drained or exits. */
    private ChildProcess retiree;

    ChildRecycler(PoolState state, Pool pool) {
        this.state = state;
        this.pool = pool;
    }

    /**
     * The child asked to be recycled. Ignored when the pool is closed, when it no longer holds its slot, or when it
     * asked before.
     */
    void request(ChildProcess c, String reason) {
        if (state.closed() || state.slotOf(c).active != c || c.recycleReason != null) return;
        c.recycleReason = reason == null ? "unknown" : reason;
        if (c.state == ChildProcess.State.STARTING || c.state == ChildProcess.State.CONSUMING) {
            c.state = ChildProcess.State.RECYCLING;
        }
        waiting.addLast(c);
        advance();
    }

    /** The child holding {@code slot} reported ready: if it is a replacement, drain the child it replaces. */
    void ready(PoolSlot slot) {
        if (slot != replacing) return;
        ChildProcess old = retiree;
        replacing = null;
        retiree = null;
        if (old != null) pool.drain(old);
        advance();
    }

    /** The child exited: it no longer waits, nor needs draining. */
    void exited(ChildProcess c) {
        waiting.remove(c);
        if (c == retiree) retiree = null;
    }

    /** Forgets every request (the pool drains or gave up). */
    void clear() {
        waiting.clear();
        replacing = null;
        retiree = null;
    }

    /** Children waiting for their turn. */
    int waiting() { return waiting.size(); }

    /** The slot whose replacement is starting, or null. */
    PoolSlot replacing() { return replacing; }

    private void advance() {
        while (replacing == null && !state.closed()) {
            ChildProcess next = waiting.pollFirst();
            if (next == null) return;
            PoolSlot slot = state.slotOf(next);
            if (slot.active != next || next.state == ChildProcess.State.EXITED) continue; // it died: its slot restarts
            replacing = slot;
            retiree = next;
            next.retired = true;
            slot.active = null;
            slot.failures = 0;
            log.info("recycling {} ({}): starting its replacement first", next, next.recycleReason);
            pool.spawn(slot);
        }
    }
}
