package dev.warren.common;

/** The kind of task queue to declare. Only RabbitMQ knows quorum queues; elsewhere both mean a durable queue. */
public enum QueueType {
    /** Replicated, Raft-based; RabbitMQ's recommended durable queue and warren's default there. */
    QUORUM,
    /** A classic durable queue: faster on one node, not replicated. */
    CLASSIC;

    /** Parses {@code quorum} / {@code classic}, case-insensitively. */
    public static QueueType parse(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "quorum" -> QUORUM;
            case "classic" -> CLASSIC;
            default -> throw new IllegalArgumentException("queue type must be quorum or classic: " + s);
        };
    }
}
