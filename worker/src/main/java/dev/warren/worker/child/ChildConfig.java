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
    public ChildConfig {
        if (childId == null || childId.isBlank()) throw new IllegalArgumentException("childId is required");
        if (brokerUri == null || brokerUri.isBlank()) throw new IllegalArgumentException("brokerUri is required");
        queue = queue == null || queue.isBlank() ? Protocol.DEFAULT_QUEUE : queue;
        queueType = queueType == null ? QueueType.QUORUM : queueType;
        if (prefetch < 1) throw new IllegalArgumentException("prefetch must be >= 1: " + prefetch);
        if (maxTasksPerChild < 0 || maxMemoryMb < 0 || softTimeLimitMs < 0) {
            throw new IllegalArgumentException("limits must be >= 0");
        }
        maxBodyBytes = maxBodyBytes <= 0 ? Protocol.DEFAULT_MAX_BODY_BYTES : maxBodyBytes;
        maxAttempts = maxAttempts <= 0 ? Protocol.DEFAULT_MAX_ATTEMPTS : maxAttempts;
        initargs = initargs == null ? List.of() : List.copyOf(initargs);
        eofGraceMs = eofGraceMs <= 0 ? 5000 : eofGraceMs;
    }

    /** A configuration with defaults for everything but identity, broker and queue. */
    public static ChildConfig of(String childId, String brokerUri, String queue) {
        return new ChildConfig(childId, brokerUri, queue, QueueType.QUORUM, 1, 0, 0, 0, 0, 0, null, List.of(), 0);
    }
}
