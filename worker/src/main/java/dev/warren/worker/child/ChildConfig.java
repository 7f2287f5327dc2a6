package dev.warren.worker.child;

import dev.warren.worker.Initializer;
import dev.warren.common.Protocol;
import dev.warren.common.QueueType;
import java.util.List;

/**
 * A child's configuration: the first line of its stdin, as one JSON object (see docs/architecture.md).
 * Credentials travel on the pipe, never on the command line or in the environment.
 *
 * @param childId          the supervisor's id for the child, e.g. {@code child-1}
 * @param brokerUri        the broker URI with credentials
 * @param queue            the task queue
 * @param queueType        quorum or classic (RabbitMQ only)
 * @param prefetch         unacknowledged deliveries the child may hold (≥ 1)
 * @param maxTasksPerChild tasks after which the child asks to be recycled; 0 = never
 * @param maxMemoryMb      heap+non-heap used after a task above which the child asks to be recycled; 0 = never
 * @param softTimeLimitMs  a task running longer gets a time-limit error reply and the child replaces itself; 0 = none
 * @param maxBodyBytes     limit on task and reply bodies
 * @param maxAttempts      attempts before a crashing task is dead-lettered
 * @param initializer      class name of an {@link Initializer}, or null
 * @param initargs         arguments for the initializer
 * @param eofGraceMs       how long a child whose supervisor vanished may finish its task before halting
 */
public record ChildConfig(String childId, String brokerUri, String queue, QueueType queueType, int prefetch,
                          int maxTasksPerChild, long maxMemoryMb, long softTimeLimitMs, int maxBodyBytes,
                          int maxAttempts, String initializer, List<String> initargs, long eofGraceMs) {
    /** Most unacknowledged deliveries a child may hold: AMQP's {@code prefetch-count} is a 16-bit number. */
    public static final int MAX_PREFETCH = 65_535;
    /** Largest task or reply body limit: RabbitMQ's default {@code max_message_size} (128 MiB). */
    public static final int MAX_BODY_BYTES = 128 * 1024 * 1024;

    /**
     * Validates the configuration; 0 for {@code maxBodyBytes}, {@code maxAttempts} or {@code eofGraceMs} means the default.
     *
     * @throws IllegalArgumentException naming the field (and the supervisor's {@code warren.*} setting it comes from),
     *                                  its value and what is allowed
     */
    public ChildConfig {
        if (childId == null || childId.isBlank()) throw new IllegalArgumentException("childId is required");
        if (brokerUri == null || brokerUri.isBlank()) throw new IllegalArgumentException("brokerUri is required");
        queue = queue == null || queue.isBlank() ? Protocol.DEFAULT_QUEUE : queue;
        queueType = queueType == null ? QueueType.QUORUM : queueType;
        range("prefetch", "warren.prefetch", prefetch, 1, MAX_PREFETCH);
        range("maxTasksPerChild", "warren.max-tasks-per-child", maxTasksPerChild, 0, Integer.MAX_VALUE);
        range("maxMemoryMb", "warren.max-memory-per-child", maxMemoryMb, 0, Long.MAX_VALUE);
        range("softTimeLimitMs", "warren.soft-time-limit", softTimeLimitMs, 0, Long.MAX_VALUE);
        range("maxBodyBytes", "warren.max-body-bytes", maxBodyBytes, 0, MAX_BODY_BYTES);
        range("maxAttempts", "warren.max-attempts", maxAttempts, 0, Integer.MAX_VALUE);
        range("eofGraceMs", null, eofGraceMs, 0, Long.MAX_VALUE);
        maxBodyBytes = maxBodyBytes == 0 ? Protocol.DEFAULT_MAX_BODY_BYTES : maxBodyBytes;
        maxAttempts = maxAttempts == 0 ? Protocol.DEFAULT_MAX_ATTEMPTS : maxAttempts;
        initargs = initargs == null ? List.of() : List.copyOf(initargs);
        eofGraceMs = eofGraceMs == 0 ? 5000 : eofGraceMs;
    }

    private static void range(String field, String setting, long value, long min, long max) {
        if (value >= min && value <= max) return;
        String allowed = max == Integer.MAX_VALUE || max == Long.MAX_VALUE ? "at least " + min : "from " + min + " to " + max;
        throw new IllegalArgumentException(field + (setting == null ? "" : " (" + setting + ")") + " must be " + allowed
                + ": " + value);
    }

    /** A configuration with defaults for everything but identity, broker and queue. */
    public static ChildConfig of(String childId, String brokerUri, String queue) {
        return new ChildConfig(childId, brokerUri, queue, QueueType.QUORUM, 1, 0, 0, 0, 0, 0, null, List.of(), 0);
    }
}
