package dev.warren.producer;

import dev.warren.common.TaskError;
import dev.warren.common.WarrenException;
import dev.warren.common.WorkerInfo;
import java.util.List;

/**
 * A task failed remotely: its code threw, or the worker refused it (unknown task, bad input,
 * deadline passed, crashed too often). Carries the remote type, message and stack as text;
 * {@link #getMessage()} reads like {@code cube failed in child-1 pid 123 on host: java.lang.ArithmeticException: / by zero}.
 *
 * <p>When the reply carried a stack, {@link #getCause()} is the remote exception rebuilt from that text (its
 * frames, its own causes and suppressed exceptions), so {@code printStackTrace()} and loggers show where it failed
 * remotely: {@code Caused by: java.lang.ArithmeticException: / by zero} followed by the worker's frames. The cause
 * is a warren type whatever the remote class was (nothing is deserialized); use {@link #remoteType()} to tell
 * failures apart. Protocol errors (unknown task, bad input, ...) carry no stack and have no cause.
 */
public class RemoteTaskException extends WarrenException {
    private final String task;
    private final String taskId;
    private final TaskError error;
    private final WorkerInfo worker;
    private final List<Attempt> history;

    /**
     * One producer-side attempt of a task that was retried ({@link RetryPolicy}): its number (1 = the first) and
     * how it ended.
     */
    public record Attempt(int number, String type, String message) {
        @Override public String toString() { return number + ": " + type + (message.isEmpty() ? "" : ": " + message); }
    }

    /**
     * Built by the executor from an error reply; public for tests and adapters that replay replies.
     *
     * @param task   the task name
     * @param taskId the task id
     * @param error  the error reply's body; its stack text, if any, becomes {@link #getCause()}
     * @param worker where it ran, or null
     */
    public RemoteTaskException(String task, String taskId, TaskError error, WorkerInfo worker) {
        this(task, taskId, error, worker, List.of(new Attempt(1, error.type(), error.message())));
    }

    /**
     * As {@link #RemoteTaskException(String, String, TaskError, WorkerInfo)}, for a task attempted several times by
     * the producer: {@code history} lists every attempt, the last one ({@code error}) included.
     */
    public RemoteTaskException(String task, String taskId, TaskError error, WorkerInfo worker, List<Attempt> history) {
        super(describe(task, error, worker) + (history.size() > 1 ? " (after " + history.size() + " attempts: "
                + String.join("; ", history.stream().map(Attempt::toString).toList()) + ")" : ""));
        this.task = task;
        this.taskId = taskId;
        this.error = error;
        this.worker = worker;
        this.history = List.copyOf(history);
        RemoteStackTrace remote = RemoteStackTrace.parse(error.stack());
        if (remote != null) initCause(remote);
    }

    private static String describe(String task, TaskError e, WorkerInfo w) {
        StringBuilder sb = new StringBuilder(task).append(" failed");
        if (w != null && w.child() != null) sb.append(" in ").append(w.child());
        if (w != null && w.pid() > 0) sb.append(" pid ").append(w.pid());
        if (w != null && w.host() != null) sb.append(" on ").append(w.host());
        sb.append(": ").append(e.type());
        if (!e.message().isEmpty()) sb.append(": ").append(e.message());
        return sb.toString();
    }

    /** The task name. */
    public String task() { return task; }
    /** The task id (AMQP message id and correlation id). */
    public String taskId() { return taskId; }
    /** The remote exception's class name, or a {@code warren.*} error type (see {@link dev.warren.common.Protocol}). */
    public String remoteType() { return error.type(); }
    /** The remote exception's message (empty when it had none). */
    public String remoteMessage() { return error.message(); }
    /** The remote stack trace as text (empty for protocol errors). */
    public String remoteStack() { return error.stack(); }
    /** How many times the task was attempted when it failed (more than 1 after worker crashes). */
    public int attempts() { return error.attempts(); }
    /** Whether submitting the same input again could succeed. */
    public boolean retryable() { return error.retryable(); }
    /**
     * The producer's attempts, oldest first, this failure last: one entry unless a {@link RetryPolicy} submitted the
     * task again. (Not {@link #attempts()}, which counts a worker's re-runs of one attempt after crashes.)
     */
    public List<Attempt> history() { return history; }
    /** Where it ran; may be null when the reply did not say. */
    public WorkerInfo worker() { return worker; }
    /** The error reply's body as received. */
    public TaskError error() { return error; }
}
