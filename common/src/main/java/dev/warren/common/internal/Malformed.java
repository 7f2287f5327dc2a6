package dev.warren.common.internal;

import dev.warren.common.Protocol;

/**
 * A message that cannot be run.
 *
 * @param type    a {@code warren.*} error type from {@link Protocol}
 * @param detail  a human-readable reason
 * @param taskId  the message id, if any (used as correlation id of the error reply)
 * @param replyTo where to answer, if anywhere
 * @param attempt the attempt header, or 1
 */
public record Malformed(String type, String detail, String taskId, String replyTo, int attempt) implements Decoded {}
