package dev.warren.worker;

import java.time.Instant;
import java.util.Optional;

/** What a running task may know about itself and where it runs. One per task execution. */
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
}
