package dev.warren.testing;

import java.util.List;

/**
 * How a supervisor ended after {@link WorkerProcess#stop}.
 *
 * @param exitCode  its exit status (137 when it had to be killed)
 * @param killed    it did not exit within the timeout after SIGTERM and was SIGKILLed with its descendants
 * @param leftovers pids of its descendants still running a while after it exited (a supervisor bug); they were killed
 */
public record WorkerExit(int exitCode, boolean killed, List<Long> leftovers) {
    public WorkerExit {
        leftovers = List.copyOf(leftovers);
    }

    /** Exited 0 on its own and left nothing running. */
    public boolean clean() { return exitCode == 0 && !killed && leftovers.isEmpty(); }
}
