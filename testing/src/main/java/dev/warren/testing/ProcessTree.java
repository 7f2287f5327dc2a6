package dev.warren.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stopping a process and everything below it. */
final class ProcessTree {
    /** How long the descendants of an exited supervisor may take to follow it before they count as left over. */
    static final long LEFTOVER_GRACE_MS = 5_000;

    private ProcessTree() {}

    /** SIGKILLs the process and every descendant, and waits up to 10 s for the process to be gone. */
    static void kill(Process p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        p.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
        await(p, 10_000);
    }

    /**
     * SIGTERM, then waits up to {@code timeoutMs} for the process to exit; past it SIGKILLs the tree. Then gives the
     * descendants seen along the way {@link #LEFTOVER_GRACE_MS} to exit and kills (and reports) those still running.
     */
    static WorkerExit stop(Process p, long timeoutMs) {
        List<ProcessHandle> below = new ArrayList<>(p.descendants().toList());
        p.destroy();
        boolean exited = await(p, timeoutMs);
        if (!exited) {
            below.addAll(p.descendants().toList());
            kill(p);
        }
        int code = p.isAlive() ? -1 : p.exitValue();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEFTOVER_GRACE_MS);
        while (below.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            if (!sleep(50)) break;
        }
        List<Long> left = below.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).distinct().toList();
        below.forEach(ProcessHandle::destroyForcibly);
        return new WorkerExit(code, !exited, left);
    }

    /** Waits for the process to exit; false when it still runs (or the wait was interrupted: the interrupt is kept). */
    static boolean await(Process p, long timeoutMs) {
        try {
            return p.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    /** Sleeps; false (interrupt re-asserted) when interrupted. */
    static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
