package dev.warren.worker.supervisor;

/**
 * What the pool reports: metrics, crash notes and tests listen. Called on the child's reader thread
 * (one per child, so the calls for one child are in order), never under the pool's lock. Must not block for long.
 */
interface PoolListener {
    default void childStarted(String childId, long pid) {}

    default void childReady(String childId, long pid) {}

    default void taskStarted(String childId, long pid, ChildProcessEvent event) {}

    default void taskEnded(String childId, long pid, ChildProcessEvent event) {}

    default void deadLettered(String childId, long pid, ChildProcessEvent event) {}

    default void childExiting(String childId, long pid, ChildProcessEvent event) {}

    default void childExited(PoolExit exit) {}
}
