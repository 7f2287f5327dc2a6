package dev.warren.worker.supervisor;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a child process ends (on its stdout reader thread, after its last event): under the pool lock,
 * the exit is classified, the recycler forgets the child, a slot holder's slot is refilled (or the pool gives up
 * after too many start failures in a row); outside it, the crash note goes to the other children and the listeners
 * hear of the exit. The child leaves {@link PoolState#alive} only after that, so a drain returns after every exit
 * was reported.
 */
final class ChildExits {
    private static final Logger log = LoggerFactory.getLogger(ChildPool.class);
    static final int CRASH_TAIL = 20;

    private final PoolState state;
    private final ChildRecycler recycler;
    private final SlotRestarter restarter;
    private final StartFailures startFailures;
    private final CrashNoteCache notes;
    private final PoolListeners listeners;
    private final java.util.function.Consumer<ChildProcess> spareExited;

    /** @param spareExited called with the pool lock held when a spare (holding no slot) ended */
    ChildExits(PoolState state, ChildRecycler recycler, SlotRestarter restarter, StartFailures startFailures,
               CrashNoteCache notes, PoolListeners listeners, java.util.function.Consumer<ChildProcess> spareExited) {
        this.spareExited = spareExited;
        this.state = state;
        this.recycler = recycler;
        this.restarter = restarter;
        this.startFailures = startFailures;
        this.notes = notes;
        this.listeners = listeners;
    }

    void onExit(ChildProcess c) {
        int code = awaitExit(c);
        ChildProcess.Running last = c.running(); // what its slot said as it died: the task the crash is about
        String taskId = last == null ? null : last.taskId();
        String taskName = last == null ? null : last.task();
        ChildSpawner.forgetSlot(c);
        PoolExit exit;
        StartFailures.Streak gaveUp = null;
        synchronized (state) {
            PoolSlot slot = state.slotOf(c);
            PoolExitCause cause = c.killedForCancel ? PoolExitCause.CANCEL : PoolExitCause.classify(code,
                    c.killedForHardLimit, c.retired || c.recycleReason != null, state.draining, c.drainSent);
            recycler.exited(c);
            if (state.spares.remove(c)) spareExited.accept(c);
            boolean restart = false;
            if (slot.active == c) {
                slot.active = null;
                if (startFailures.exited(c, cause) && !state.closed()) gaveUp = giveUp();
                if (!state.closed()) {
                    restart = true;
                    restarter.afterExit(slot, cause, c.uptime());
                }
            }
            c.state = ChildProcess.State.EXITED;
            exit = new PoolExit(c.id, c.pid, code, PoolExit.signalName(code), cause, taskId, taskName, c.uptime(),
                    c.stderrTail(CRASH_TAIL), restart);
        }
        if (SupervisorCrashNotes.worthANote(exit)) share(notes.add(exit));
        listeners.tell(l -> l.childExited(exit));
        if (gaveUp != null) {
            StartFailures.Streak streak = gaveUp;
            listeners.tell(l -> l.gaveUp(streak));
        }
        synchronized (state) {
            state.alive.remove(c);
            state.notifyAll();
        }
    }

    /** Under the pool lock: stop starting children. */
    private StartFailures.Streak giveUp() {
        state.gaveUp = true;
        restarter.cancelAll();
        recycler.clear();
        StartFailures.Streak s = startFailures.streak();
        log.error("{} children in a row could not start, the last with: {}; giving up (warren.max-initializer-failures={})",
                s.failures(), s.error(), startFailures.max());
        return s;
    }

    /** The note goes to every other child (the dead one's pipe is closed: send just returns false). */
    private void share(String line) {
        List<ChildProcess> others;
        synchronized (state) { others = state.aliveCopy(); }
        for (ChildProcess other : others) other.send(line);
    }

    private static int awaitExit(ChildProcess c) {
        try {
            int code = c.process.waitFor();
            Thread err = c.stderrReader;
            if (err != null) err.join(2000); // the stderr tail is complete before the exit is reported
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
