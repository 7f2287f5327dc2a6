package dev.warren.producer;

/** The states of a {@link TaskExecutor}; they only move forward (RUNNING → SHUTDOWN → STOP → TERMINATED, skipping any). */
enum Lifecycle {
    /** Accepting tasks. */
    RUNNING,
    /** {@code shutdown} was called: no new tasks or maps; pending tasks complete and started maps run to their end. */
    SHUTDOWN,
    /** {@code shutdownNow} was called: pending tasks were cancelled and started maps stopped; nothing more is published. */
    STOP,
    /** Shut down and nothing pending: the connection is closed and internal threads are gone. */
    TERMINATED
}
