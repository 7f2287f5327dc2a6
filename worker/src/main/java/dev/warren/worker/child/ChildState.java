package dev.warren.worker.child;

/**
 * Where a child is in its life. States only move forward, in declaration order: a later state
 * is never left for an earlier one ({@link #canMoveTo}), so a slow thread cannot undo a drain.
 * {@link ChildLifecycle} holds the current state.
 */
enum ChildState {
    /** Connecting and declaring; no consumer yet. A drain now goes straight to {@link #DRAINING}. */
    STARTING,
    /** The consumer is registered and deliveries are run. */
    CONSUMING,
    /**
     * The child ran its maximum number of tasks: the consumer is cancelled and deliveries still
     * arriving are handed back; it waits for the supervisor's drain (its replacement starts first).
     */
    RETIRING,
    /**
     * A drain was requested: the consumer is cancelled, the running task finishes, prefetched
     * ones are handed back; the main loop ends once nothing is in flight.
     */
    DRAINING,
    /** The main loop has ended and the connection is closing: losing it now is expected, not fatal. */
    CLOSED;

    /** True when {@code next} comes after this state: the only moves a lifecycle allows. */
    boolean canMoveTo(ChildState next) { return next.ordinal() > ordinal(); }

    /** True when a new delivery may run; in every other state it is handed back (or never arrives). */
    boolean accepting() { return this == CONSUMING; }
}
