package dev.warren.worker.supervisor;

import dev.warren.common.ExitCode;

/** Why a child process ended; the {@link #tag()} is the {@code cause} label of {@code warren_child_restarts_total}. */
enum PoolExitCause {
    /** It asked to be replaced (max tasks or max memory) and drained after its replacement was ready. */
    RECYCLE("recycle"),
    /** The pool was draining (supervisor stopping). */
    DRAIN("drain"),
    /** A task overran the soft time limit; the child failed it and replaced itself (exit 70). */
    SOFT_TIME_LIMIT("soft-time-limit"),
    /** Its task was cancelled and ignored the interrupt past the cancel grace period; the supervisor killed it. */
    CANCEL("cancel"),
    /** A task overran the hard time limit and the supervisor killed the child. */
    HARD_TIME_LIMIT("hard-time-limit"),
    /** The child could not start: bad configuration, duplicate task, initializer failed (exit 71). */
    FATAL("fatal"),
    /** The child believed its supervisor gone (exit 3). */
    SUPERVISOR_GONE("supervisor-gone"),
    /** The child lost its broker connection for good (exit 75). */
    BROKER_LOST("broker-lost"),
    /** The child exited 0 without being asked to. */
    EXIT("exit"),
    /** Any other exit code, or a signal. */
    CRASH("crash");

    private final String tag;

    PoolExitCause(String tag) { this.tag = tag; }

    String tag() { return tag; }

    /** Whether the slot should back off before the next start. */
    boolean failure() { return this == FATAL || this == EXIT || this == CRASH || this == HARD_TIME_LIMIT
            || this == SUPERVISOR_GONE || this == BROKER_LOST; }

    /**
     * Why a child ended.
     *
     * @param code          its exit status
     * @param hardLimitKill the supervisor killed it for overrunning the hard time limit
     * @param recycled      it asked to be recycled (or was being replaced)
     * @param poolDraining  the whole pool is draining
     * @param drainSent     it was sent {@code drain}
     */
    static PoolExitCause classify(int code, boolean hardLimitKill, boolean recycled, boolean poolDraining,
                                  boolean drainSent) {
        if (hardLimitKill) return HARD_TIME_LIMIT;
        if (code == 0 && recycled) return RECYCLE;
        if (code == 0 && poolDraining) return DRAIN;
        return ofExitCode(code, drainSent);
    }

    /** The cause of an exit the supervisor did not bring about itself. */
    static PoolExitCause ofExitCode(int code, boolean drainRequested) {
        ExitCode named = ExitCode.of(code).orElse(null);
        if (named == null) return CRASH;
        return switch (named) {
            case OK -> drainRequested ? DRAIN : EXIT;
            case SUPERVISOR_GONE -> SUPERVISOR_GONE;
            case SOFT_TIME_LIMIT -> SOFT_TIME_LIMIT;
            case FATAL_START -> FATAL;
            case BROKER_LOST -> BROKER_LOST;
            case VM_ERROR -> CRASH; // the task is redelivered as after any crash
            case BAD_SETTING, PORT_IN_USE -> CRASH; // a supervisor's status: no child exits with it
            case INITIALIZER_FAILED -> CRASH; // a supervisor's status; a child that uses it crashed
        };
    }
}
