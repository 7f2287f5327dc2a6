package dev.warren.worker.child;

import dev.warren.worker.TaskContext;
import java.time.Instant;
import java.util.Optional;

/** The context of one task execution in a child; progress goes to its {@link ChildProgress}. */
record ChildTaskContext(String taskId, String taskName, int attempt, Optional<Instant> deadline, String childId,
                        long pid, Optional<String> traceparent, ChildProgress reporter) implements TaskContext {
    @Override public void progress(long done, long total, String message) { reporter.report(done, total, message); }
}
