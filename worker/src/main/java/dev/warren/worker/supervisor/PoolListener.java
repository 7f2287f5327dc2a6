package dev.warren.worker.supervisor;

/**
 * What the pool reports: metrics, crash notes, the supervisor and tests listen. Called on the child's reader thread
 * (one per child, so the calls for one child are in order: started, ready, tasks, exiting, exited), never under the
 * pool lock. Must not block for long.
 */
interface PoolListener {
    default void childStarted(String childId, long pid) {}

    default void childReady(String childId, long pid) {}

    default void taskStarted(String childId, long pid, ChildProcessEvent event) {}

    default void taskEnded(String childId, long pid, ChildProcessEvent event) {}

    /** A task of a child with a slot failed (its counts come with {@link #tasksReported}). */
    default void taskFailed(String childId, long pid, ChildProcessEvent event) {}

    /** A child's task counts since its previous report (a child with a slot: about once a second, and as it exits). */
    default void tasksReported(String childId, long pid, ChildTaskStats stats) {}

    default void deadLettered(String childId, long pid, ChildProcessEvent event) {}

    default void childExiting(String childId, long pid, ChildProcessEvent event) {}

    default void childExited(PoolExit exit) {}

    /**
     * The pool gave up after too many children in a row could not start ({@link StartFailures}); it starts no child
     * any more. Called once, after the {@link #childExited} of the last failure.
     */
    default void gaveUp(StartFailures.Streak streak) {}
}
