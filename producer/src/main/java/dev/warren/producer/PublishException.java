package dev.warren.producer;

import dev.warren.common.WarrenException;

/**
 * The broker did not take a task: it nacked the publish, or returned the mandatory message
 * because no queue is bound to the routing key (the task queue does not exist).
 */
public class PublishException extends WarrenException {
    private final String taskId;

    /** @param taskId the refused task, or null */
    public PublishException(String taskId, String message) {
        super(message);
        this.taskId = taskId;
    }

    /**
     * @param taskId the refused task, or null
     * @param cause  what the client reported
     */
    public PublishException(String taskId, String message, Throwable cause) {
        super(message, cause);
        this.taskId = taskId;
    }

    /** The task that was refused, or null. */
    public String taskId() { return taskId; }
}
