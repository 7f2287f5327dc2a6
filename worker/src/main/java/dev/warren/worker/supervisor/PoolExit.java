package dev.warren.worker.supervisor;

import java.time.Duration;
import java.util.List;

/**
 * A child that ended.
 *
 * @param childId   the child's id
 * @param pid       its process id
 * @param exitCode  the process exit status (128 + signal when a signal ended it)
 * @param signal    the signal's name ({@code KILL}, {@code TERM}, ...) when a signal ended it, else null
 * @param cause     why it ended
 * @param taskId    the task it was running, or null
 * @param taskName  that task's name, or null
 * @param uptime    how long it ran
 * @param stderrTail its last stderr lines, oldest first
 * @param restarted whether the pool starts (or started) a child in its place
 */
record PoolExit(String childId, long pid, int exitCode, String signal, PoolExitCause cause, String taskId,
                String taskName, Duration uptime, List<String> stderrTail, boolean restarted) {

    /** The name of the signal behind an exit status above 128, or null. */
    static String signalName(int exitCode) {
        if (exitCode <= 128 || exitCode > 128 + 64) return null;
        int sig = exitCode - 128;
        return switch (sig) {
            case 1 -> "HUP";
            case 2 -> "INT";
            case 3 -> "QUIT";
            case 4 -> "ILL";
            case 6 -> "ABRT";
            case 7 -> "BUS";
            case 8 -> "FPE";
            case 9 -> "KILL";
            case 11 -> "SEGV";
            case 13 -> "PIPE";
            case 14 -> "ALRM";
            case 15 -> "TERM";
            default -> "SIG" + sig;
        };
    }
}
