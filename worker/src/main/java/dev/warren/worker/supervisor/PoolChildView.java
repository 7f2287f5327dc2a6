package dev.warren.worker.supervisor;

/**
 * One child as the {@code /pool} endpoint shows it.
 *
 * @param id            the child id
 * @param pid           its process id
 * @param slot          its slot in the pool (0-based)
 * @param state         {@code starting}, {@code consuming}, {@code recycling} or {@code draining}
 * @param uptimeMs      time since it was started
 * @param tasksDone     tasks it finished (ok or error)
 * @param currentTaskId the task it runs, or null
 * @param currentTask   that task's name, or null
 * @param currentTaskMs how long it has run that task, or null
 */
record PoolChildView(String id, long pid, int slot, String state, long uptimeMs, long tasksDone, String currentTaskId,
                     String currentTask, Long currentTaskMs) {}
