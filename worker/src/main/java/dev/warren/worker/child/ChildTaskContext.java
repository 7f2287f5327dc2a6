package dev.warren.worker.child;

import dev.warren.worker.TaskContext;
import java.time.Instant;
import java.util.Optional;

/** The context of one task execution in a child. */
record ChildTaskContext(String taskId, String taskName, int attempt, Optional<Instant> deadline, String childId,
                        long pid, Optional<String> traceparent) implements TaskContext {}
