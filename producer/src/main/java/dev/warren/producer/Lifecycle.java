package dev.warren.producer;

/** The states of a {@link TaskExecutor}; they only move forward. */
enum Lifecycle {
    /** Accepting tasks. */
    RUNNING,
    /** {@code shutdown} was called: no new tasks; pending ones still complete. */
    SHUTDOWN,
    /** Shut down and nothing pending: the connection is closed and internal threads are gone. */
    TERMINATED
}
