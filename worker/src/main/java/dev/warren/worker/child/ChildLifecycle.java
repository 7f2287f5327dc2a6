package dev.warren.worker.child;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The child's current {@link ChildState} and, once it drains, why it will exit. Thread-safe and
 * lock-free: the stdin thread (drain, EOF), the main loop (soft time limit, recycling) and the
 * consumer's start race to move it, and a move backwards or sideways is refused.
 */
final class ChildLifecycle {
    /** Why the child exits: the reason of its {@code exiting} event and its exit code. */
    record Exit(String reason, int code) {}

    static final Exit DRAINED = new Exit("drained", 0);

    private record Phase(ChildState state, Exit exit) {}

    private final AtomicReference<Phase> phase = new AtomicReference<>(new Phase(ChildState.STARTING, DRAINED));

    ChildState state() { return phase.get().state(); }

    /** The exit the first successful {@link #drain} decided ({@link #DRAINED} without one). */
    Exit exit() { return phase.get().exit(); }

    /**
     * Moves to {@code next} if it comes after the current state.
     *
     * @return the state it left, or null when the move was refused (already there or past it)
     */
    ChildState advance(ChildState next) { return move(next, null); }

    /**
     * Moves to {@link ChildState#DRAINING}; the first drain decides the exit, later ones change nothing.
     *
     * @return the state it left, or null when already draining or closed
     */
    ChildState drain(String reason, int code) { return move(ChildState.DRAINING, new Exit(reason, code)); }

    private ChildState move(ChildState next, Exit exit) {
        while (true) {
            Phase now = phase.get();
            if (!now.state().canMoveTo(next)) return null;
            if (phase.compareAndSet(now, new Phase(next, exit != null ? exit : now.exit()))) return now.state();
        }
    }
}
