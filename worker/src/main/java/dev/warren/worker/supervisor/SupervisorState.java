package dev.warren.worker.supervisor;

/** The supervisor's lifecycle; states only move forward. */
enum SupervisorState {
    /** Waiting for the broker (retrying with backoff); no child runs yet. */
    CONNECTING,
    /** Connected, topology declared, children started. */
    RUNNING,
    /** Children are finishing their tasks; nothing new starts. */
    DRAINING,
    /** Every child is gone and the connection closed. */
    STOPPED
}
