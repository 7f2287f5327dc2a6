package dev.warren.common;

import java.util.Optional;

/**
 * The exit statuses of warren's processes, in one place: what a child JVM's status tells its supervisor,
 * and what a supervisor's tells its orchestrator. docs/operations.md lists the same table; a test checks
 * that the two agree. A status not listed here (or death by a signal, 128 + its number) is a crash.
 */
public enum ExitCode {
    /** Drained, recycled or stopped as asked. */
    OK(0, "drained, recycled or stopped as asked"),
    /** A child whose supervisor vanished (its stdin closed) drained and exited. */
    SUPERVISOR_GONE(3, "child: its supervisor vanished (stdin closed); it drained and exited"),
    /** A task overran the soft time limit: it was answered with an error and the child replaced itself. */
    SOFT_TIME_LIMIT(70, "child: a task overran the soft time limit; answered with an error, the child replaced itself"),
    /** A child could not start: bad configuration line, duplicate task name, or the initializer threw. */
    FATAL_START(71, "child: cannot start (bad configuration, duplicate task name, initializer threw)"),
    /** A task hit a {@link VirtualMachineError} (out of memory and the like); the task is redelivered. */
    VM_ERROR(72, "child: a task hit a VirtualMachineError such as OutOfMemoryError; the task is redelivered"),
    /** A child lost its broker connection (or could not reach the broker); the supervisor starts a new one. */
    BROKER_LOST(75, "child: lost (or never reached) its broker connection"),
    /**
     * A supervisor found its HTTP port ({@code WARREN_HTTP_PORT}) taken by another process at start (one line on stderr
     * names it), before it started any child or connected to the broker.
     */
    PORT_IN_USE(77, "supervisor: its HTTP port (WARREN_HTTP_PORT) is taken (one line on stderr names it); no child was "
            + "started"),
    /** A supervisor refused a setting at start (one line on stderr names it), before it started any child or connected. */
    BAD_SETTING(78, "supervisor: refused a setting at start (one line on stderr names it); no child was started"),
    /**
     * A supervisor gave up: {@code warren.max-initializer-failures} children in a row could not start (exit 71, the
     * initializer threw). It exits so that its orchestrator restarts it (with the orchestrator's own backoff).
     */
    INITIALIZER_FAILED(79, "supervisor: warren.max-initializer-failures children in a row could not start "
            + "(the initializer threw); it gave up so that the orchestrator restarts it");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The process exit status. */
    public int code() { return code; }

    /** One line for logs and docs. */
    public String meaning() { return meaning; }

    /** The named exit code of this status, if it is one. */
    public static Optional<ExitCode> of(int status) {
        for (ExitCode c : values()) {
            if (c.code == status) return Optional.of(c);
        }
        return Optional.empty();
    }
}
