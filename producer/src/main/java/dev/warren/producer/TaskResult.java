package dev.warren.producer;

import dev.warren.common.WorkerInfo;

/**
 * A task's output with where and how it ran, from {@link TaskExecutor#submitForResult}.
 *
 * @param value       the decoded output (may be null when the task returned JSON null)
 * @param taskId      the task id (AMQP message id and correlation id)
 * @param attempts    which attempt produced the reply (1 unless a worker crashed on earlier ones)
 * @param worker      where it ran, from the reply headers (fields are null/0 when a worker did not send them)
 * @param traceparent the W3C trace context the reply carried (null if none)
 * @param <O> output type
 */
public record TaskResult<O>(O value, String taskId, int attempts, WorkerInfo worker, String traceparent) {}
