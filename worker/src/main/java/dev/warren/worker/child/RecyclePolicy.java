package dev.warren.worker.child;

import java.util.function.LongSupplier;

/**
 * When a child asks to be replaced (Celery's {@code max_tasks_per_child}, {@code
 * max_memory_per_child}): after its maximum number of tasks, or when its resident memory is over
 * the ceiling after a task. It asks once. Main loop only; not thread-safe.
 */
final class RecyclePolicy {
    /** What the child does after a task. */
    enum Verdict {
        /** Nothing: below both limits, or it asked already. */
        KEEP_GOING(null),
        /** Stop consuming now (run no more than the maximum) and ask; the supervisor drains it once the replacement is ready. */
        MAX_TASKS("max-tasks"),
        /** Ask, but keep consuming until the replacement is ready: the pool never runs a child short. */
        MAX_MEMORY("max-memory");

        private final String reason;

        Verdict(String reason) { this.reason = reason; }

        /** The {@code recycle} event's reason, or null for {@link #KEEP_GOING}. */
        String reason() { return reason; }
    }

    private final int maxTasks;
    private final long maxMemoryMb;
    private final LongSupplier residentMb;
    private int tasksDone;
    private boolean asked;
    private long lastResidentMb;

    /**
     * @param maxTasks    tasks after which to ask; 0 = never
     * @param maxMemoryMb resident MiB above which to ask; 0 = never
     * @param residentMb  reads the resident memory (read only when a ceiling is set)
     */
    RecyclePolicy(int maxTasks, long maxMemoryMb, LongSupplier residentMb) {
        this.maxTasks = maxTasks;
        this.maxMemoryMb = maxMemoryMb;
        this.residentMb = residentMb;
    }

    /** Counts a finished task (ok or failed) and decides. */
    Verdict afterTask() {
        tasksDone++;
        if (asked) return Verdict.KEEP_GOING;
        if (maxTasks > 0 && tasksDone >= maxTasks) {
            asked = true;
            return Verdict.MAX_TASKS;
        }
        if (maxMemoryMb > 0) {
            lastResidentMb = residentMb.getAsLong();
            if (lastResidentMb > maxMemoryMb) {
                asked = true;
                return Verdict.MAX_MEMORY;
            }
        }
        return Verdict.KEEP_GOING;
    }

    int tasksDone() { return tasksDone; }

    /** True once it asked to be recycled. */
    boolean asked() { return asked; }

    /** The resident memory read by the last check, in MiB (0 before any). */
    long lastResidentMb() { return lastResidentMb; }

    long maxMemoryMb() { return maxMemoryMb; }
}
