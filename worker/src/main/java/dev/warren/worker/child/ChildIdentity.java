package dev.warren.worker.child;

import dev.warren.common.internal.Hosts;
import dev.warren.common.WorkerInfo;

/**
 * Who this child is, as every reply reports it.
 *
 * @param host    the host name (the container's under Docker or Kubernetes)
 * @param pid     this JVM's process id
 * @param childId the supervisor's id for the child
 */
record ChildIdentity(String host, long pid, String childId) {
    static ChildIdentity current(String childId) {
        return new ChildIdentity(Hosts.name(), ProcessHandle.current().pid(), childId);
    }

    /** Where a task ran, for its reply (0, 0 for a message that never ran). */
    WorkerInfo where(long startedAt, long finishedAt) { return new WorkerInfo(host, pid, childId, startedAt, finishedAt); }

}
