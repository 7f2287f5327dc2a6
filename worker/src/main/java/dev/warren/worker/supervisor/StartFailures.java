package dev.warren.worker.supervisor;

import java.util.List;

/**
 * Counts children in a row that could not start (exit 71, {@link PoolExitCause#FATAL}, before {@code ready}: the
 * initializer threw, or the tasks did not load) and keeps the last one's error, from its {@code exiting} event. Any
 * child that becomes ready ends the streak. At {@code warren.max-initializer-failures} the pool gives up: restarting
 * would only repeat the failure, so the supervisor exits (crash-only) and its orchestrator restarts it. Guarded by
 * the pool lock ({@link PoolState}).
 */
final class StartFailures {
    /**
     * A streak of start failures.
     *
     * @param failures children in a row that could not start
     * @param error    the last one's error (exception class and message), or its last stderr line
     */
    record Streak(int failures, String error) {}

    private final int max;
    private int failures;
    private String error;

    /** @param max failures in a row after which the pool gives up; 0 = never */
    StartFailures(int max) {
        if (max < 0) throw new IllegalArgumentException("max-initializer-failures must be >= 0: " + max);
        this.max = max;
    }

    int max() { return max; }

    /** A child became ready: the streak ends. */
    void ready() {
        failures = 0;
        error = null;
    }

    /** A slot's child exited; true when this exit is the one the pool gives up at. */
    boolean exited(ChildProcess c, PoolExitCause cause) {
        if (cause != PoolExitCause.FATAL || c.everReady) return false;
        failures++;
        error = c.exitDetail != null ? c.exitDetail : lastLine(c.stderrTail(1), "exit code 71");
        return max > 0 && failures == max;
    }

    /** The streak going on, or null when the last child to end its start became ready. */
    Streak streak() { return failures == 0 ? null : new Streak(failures, error); }

    private static String lastLine(List<String> lines, String otherwise) {
        return lines.isEmpty() ? otherwise : lines.get(lines.size() - 1);
    }
}
