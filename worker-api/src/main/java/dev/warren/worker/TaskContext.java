package dev.warren.worker;

import java.time.Instant;
import java.util.Optional;

/**
 * What a running task may know about itself and where it runs, and how it reports progress. One per task
 * execution, used from the thread that runs the task.
 *
 * <p><b>Cancellation.</b> When the producer cancels a running task with {@code future.cancel(true)}, the task's
 * thread is interrupted: a long task should check {@link Thread#interrupted()} now and then (or use blocking calls
 * that throw {@link InterruptedException}) and end; whatever it returns then, the producer sees it cancelled. A
 * task that ignores the interrupt has its child process killed by the supervisor after the cancel grace period.
 */
public interface TaskContext {
    /** The task id (AMQP message_id / correlation_id). */
    String taskId();

    /** The task name. */
    String taskName();

    /** 1 for the first attempt; higher after a child crashed running it. */
    int attempt();

    /** The producer's deadline, if it set one. */
    Optional<Instant> deadline();

    /** The supervisor's id of this child, e.g. {@code child-2}. */
    String childId();

    /** This child JVM's process id. */
    long pid();

    /**
     * The task's W3C {@code traceparent}, if any: the child's span for this execution when the child has an
     * OpenTelemetry SDK (then {@code Span.current()} is that span), else the one the producer sent.
     */
    Optional<String> traceparent();

    /**
     * Reports progress to the producer (docs/protocol.md section 3.6): cheap, never blocks, never throws for
     * the transport. Updates are rate-limited (at most 10 a second are sent, always the latest), transient,
     * and sent only when the producer asked for them; the last one may be dropped when the task ends soon
     * after it. This default does nothing (contexts outside a worker).
     *
     * @param done    units done so far, {@code >= 0}
     * @param total   units in all, {@code >= 0}; 0 = unknown
     * @param message what the task is doing, or null (at most 1024 characters are sent)
     * @throws IllegalArgumentException when {@code done} or {@code total} is negative
     */
    default void progress(long done, long total, String message) {
        if (done < 0 || total < 0) throw new IllegalArgumentException("progress must not be negative: " + done + "/" + total);
    }

    /** {@link #progress(long, long, String)} without a message. */
    default void progress(long done, long total) { progress(done, total, null); }
}
