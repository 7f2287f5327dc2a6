package dev.warren.worker.supervisor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a child's events arrive (on its stdout reader thread, in order). A child with a slot writes no line
 * per task: its running task is in the slot ({@link ChildProcess#running()}), its counts come once a second
 * ({@code stats}), a failed task adds a {@code failed} line. Per-task facts of a child without one ({@code start},
 * {@code end}) are written on the {@link ChildProcess} without any lock and go to the listeners; lifecycle events
 * ({@code ready}, {@code recycle}) go to the pool, which takes its lock; {@code exiting} is remembered for the exit
 * report. Listeners are called after the pool has acted, outside its lock.
 */
final class PoolEventHandler {
    private static final Logger log = LoggerFactory.getLogger(ChildPool.class);

    /** The pool's side of the lifecycle events; each takes the pool lock. */
    interface Lifecycle {
        void ready(ChildProcess c);

        void recycle(ChildProcess c, String reason);

        void spareConnected(ChildProcess c);
    }

    private final Lifecycle pool;
    private final PoolListeners listeners;

    PoolEventHandler(Lifecycle pool, PoolListeners listeners) {
        this.pool = pool;
        this.listeners = listeners;
    }

    /** The child's process runs (first call on its reader thread). */
    void started(ChildProcess c) {
        ChildProcessIo.withChild(c, () -> log.info("started {} in slot {}", c.id, c.slot));
        listeners.tell(l -> l.childStarted(c.id, c.pid));
    }

    /** A child's counts since its previous report (a child with a slot sends them once a second). */
    void onStats(ChildProcess c, ChildTaskStats stats) { listeners.tell(l -> l.tasksReported(c.id, c.pid, stats)); }

    void onEvent(ChildProcess c, ChildProcessEvent e) {
        switch (e.ev()) {
            case ChildProcessEvent.READY -> {
                c.everReady = true;
                pool.ready(c);
                listeners.tell(l -> l.childReady(c.id, c.pid));
            }
            case ChildProcessEvent.CONNECTED -> {
                c.everConnected = true;
                pool.spareConnected(c);
            }
            case ChildProcessEvent.START -> {
                c.taskStartedMs = System.currentTimeMillis();
                c.taskName = e.task();
                c.taskId = e.id();
                listeners.tell(l -> l.taskStarted(c.id, c.pid, e));
            }
            case ChildProcessEvent.END -> {
                c.taskId = null;
                c.taskName = null;
                c.tasksDone++;
                listeners.tell(l -> l.taskEnded(c.id, c.pid, e));
            }
            case ChildProcessEvent.FAILED -> listeners.tell(l -> l.taskFailed(c.id, c.pid, e));
            case ChildProcessEvent.RECYCLE -> {
                log.info("asks to be recycled: {}", e.reason());
                pool.recycle(c, e.reason());
            }
            case ChildProcessEvent.DEAD -> listeners.tell(l -> l.deadLettered(c.id, c.pid, e));
            case ChildProcessEvent.EXITING -> {
                c.exitDetail = e.detail() != null ? e.detail() : e.reason();
                listeners.tell(l -> l.childExiting(c.id, c.pid, e));
            }
            default -> log.debug("unknown event {} from {}", e.ev(), c);
        }
    }
}
