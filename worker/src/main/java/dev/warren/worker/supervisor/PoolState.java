package dev.warren.worker.supervisor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The pool's membership. Its monitor is <em>the pool lock</em>: it guards every field here, the {@link PoolSlot}s,
 * each {@link ChildProcess#state} transition, and the parts that are only called with it held
 * ({@link ChildRecycler}, {@link SlotRestarter}, {@link StartFailures}, {@link ChildPool}'s spawning). Nothing that
 * may block for long runs under it: listeners never, pipe writes only the few lines a fresh child gets.
 * {@link #notifyAll()} is called when a child leaves {@link #alive} (the drain waits for that).
 */
final class PoolState {
    final PoolSlot[] slots;
    /** Every child process not yet reported gone, in start order: slot holders and retiring ones. */
    final Set<ChildProcess> alive = new LinkedHashSet<>();
    boolean started;
    /** The pool is draining: no child is started any more. */
    boolean draining;
    /** The pool gave up ({@link StartFailures}): no child is started any more. */
    boolean gaveUp;

    PoolState(int size) {
        slots = new PoolSlot[size];
        for (int i = 0; i < size; i++) slots[i] = new PoolSlot(i);
    }

    /** Whether no child may be started any more. */
    boolean closed() { return draining || gaveUp; }

    PoolSlot slotOf(ChildProcess c) { return slots[c.slot]; }

    List<ChildProcess> aliveCopy() { return new ArrayList<>(alive); }
}
