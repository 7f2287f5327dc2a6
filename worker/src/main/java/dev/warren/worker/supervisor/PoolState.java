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
    /** Spare children (also in {@link #alive}), oldest first: started, connected or not yet, holding no slot. */
    final List<ChildProcess> spares = new ArrayList<>();
    /** A spare's {@link #slotOf}: no child is ever its active one, so slot logic leaves spares alone. */
    final PoolSlot spareSlot = new PoolSlot(ChildProcess.NO_SLOT);
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

    PoolSlot slotOf(ChildProcess c) {
        int i = c.slot;
        return i < 0 ? spareSlot : slots[i];
    }

    List<ChildProcess> aliveCopy() { return new ArrayList<>(alive); }
}
