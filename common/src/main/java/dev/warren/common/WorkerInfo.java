package dev.warren.common;

/**
 * Where a task ran, as every reply reports it.
 *
 * @param host       the worker's host name (the container's, under Docker or Kubernetes)
 * @param pid        the child JVM's process id
 * @param child      the supervisor's id for the child, e.g. {@code child-2}
 * @param startedAt  epoch milliseconds when the child started the task (0 if it never started)
 * @param finishedAt epoch milliseconds when it finished
 */
public record WorkerInfo(String host, long pid, String child, long startedAt, long finishedAt) {}
