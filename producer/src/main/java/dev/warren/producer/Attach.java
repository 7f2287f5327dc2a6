package dev.warren.producer;

import dev.warren.common.TaskType;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Re-attaching: a future for a task id submitted earlier under the same stable client id (by this process before a
 * restart, or by another one). The future waits in the pending map like any other; a reply that came before it is
 * taken from the held ones ({@link Unclaimed}). It has no message to publish and no retry policy.
 */
final class Attach {
    private final ProducerOptions options;
    private final PendingTasks pending;
    private final Submitter submitter;
    private final Supplier<Lifecycle> state;

    Attach(ProducerOptions options, PendingTasks pending, Submitter submitter, Supplier<Lifecycle> state) {
        this.options = options;
        this.pending = pending;
        this.submitter = submitter;
        this.state = state;
    }

    /** {@code submitDetached}: published, and forgotten once confirmed. */
    CompletableFuture<String> detach(TaskType<?, ?> type, byte[] body, Duration deadline) {
        requireStable("submitDetached", "nobody could attach to the task's reply");
        return submitter.send(type, body, deadline, null, RetryPolicy.NONE, true);
    }

    private void requireStable(String what, String why) {
        if (!options.stableClientId()) {
            throw new IllegalStateException(what + " needs a stable client id (ProducerOptions.clientId or "
                    + "WARREN_CLIENT_ID): " + why + "; this executor's id " + options.clientId() + " was generated");
        }
    }

    <R> TaskFuture<R> attach(String task, String taskId, Duration timeout, Pending.Decoder<R> decoder) {
        if (taskId == null || taskId.isBlank() || taskId.length() > 255) {
            throw new IllegalArgumentException("task id must be 1..255 characters: " + taskId);
        }
        requireStable("attach", "the reply of task " + taskId + " goes to the reply queue of the client id that "
                + "submitted it");
        Duration t = timeout != null ? timeout : options.defaultTimeout().orElse(null);
        if (t != null && (t.isNegative() || t.isZero())) throw new IllegalArgumentException("timeout must be positive: " + t);
        pending.reserve(); // before the admission check, as in Submitter
        if (state.get() != Lifecycle.RUNNING) {
            pending.release();
            throw new RejectedExecutionException("TaskExecutor " + options.clientId() + " is shut down");
        }
        Pending<R> p = new Pending<>(taskId, task, null, null, 0, new TaskFuture<>(pending::cancel, taskId), decoder);
        pending.attach(p, t);
        return p.future;
    }
}
