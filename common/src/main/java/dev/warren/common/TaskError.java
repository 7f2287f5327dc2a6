package dev.warren.common;

/**
 * The body of an error reply: what went wrong remotely.
 *
 * @param type      the remote exception's class name, or a {@code warren.*} error type from {@link Protocol}
 * @param message   the remote message (may be empty, never null on the wire)
 * @param stack     the remote stack trace as text (may be empty)
 * @param attempts  how many times the task was attempted when this error was produced
 * @param retryable whether submitting the same input again could succeed (false for protocol errors)
 */
public record TaskError(String type, String message, String stack, int attempts, boolean retryable) {
    public TaskError {
        type = type == null ? Protocol.E_TASK_FAILED : type;
        message = message == null ? "" : message;
        stack = stack == null ? "" : stack;
    }

    /** A protocol-level error (not retryable) with no stack. */
    public static TaskError of(String type, String message, int attempts) {
        return new TaskError(type, message, "", attempts, false);
    }
}
