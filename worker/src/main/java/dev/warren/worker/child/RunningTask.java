package dev.warren.worker.child;

/**
 * The task the main loop is running, so that an interrupting cancel (docs/protocol.md section 5) can reach its
 * thread. The interrupt and the end of a run are ordered by this object's monitor: once {@link #end} returned, no
 * cancel interrupts the main loop's thread any more (it goes on to make AMQP calls). Thread-safe.
 */
final class RunningTask {
    private String taskId;
    private Thread thread;
    private boolean cancelled;

    /** On the main loop, before the task's code runs. */
    synchronized void start(String id) {
        taskId = id;
        thread = Thread.currentThread();
        cancelled = false;
    }

    /**
     * Interrupts the task if it is the one running (control thread).
     *
     * @return true when it was running and is now interrupted
     */
    synchronized boolean interrupt(String id) {
        if (thread == null || !id.equals(taskId) || cancelled) return false;
        cancelled = true;
        thread.interrupt();
        return true;
    }

    /**
     * On the main loop, after the task's code returned: forgets it and clears an interrupt left behind.
     *
     * @return true when a cancel interrupted it
     */
    synchronized boolean end() {
        boolean was = cancelled;
        taskId = null;
        thread = null;
        cancelled = false;
        if (was) Thread.interrupted();
        return was;
    }
}
