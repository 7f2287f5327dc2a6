package dev.warren.producer;

import java.util.concurrent.CompletableFuture;

/**
 * The future of one published message. {@link #cancel} removes the task from the pending map and
 * tells the workers to skip it; derived stages are plain {@link CompletableFuture}s.
 */
final class TaskFuture<T> extends CompletableFuture<T> {
    interface Canceller { boolean cancel(String taskId); }

    private final Canceller canceller;
    private final String taskId;

    TaskFuture(Canceller canceller, String taskId) {
        this.canceller = canceller;
        this.taskId = taskId;
    }

    String taskId() { return taskId; }

    /**
     * Cancels the task: if it is still pending it is removed, this future completes with a
     * {@link java.util.concurrent.CancellationException} and a cancel message goes to the workers
     * so a task that has not started is not run. {@code mayInterruptIfRunning} has no effect.
     */
    @Override public boolean cancel(boolean mayInterruptIfRunning) {
        if (canceller.cancel(taskId)) return true;
        return super.cancel(mayInterruptIfRunning);
    }

    /** Completes as cancelled without going back to the executor. */
    boolean cancelLocally() { return super.cancel(false); }

    @Override public <U> CompletableFuture<U> newIncompleteFuture() { return new CompletableFuture<>(); }

    @Override public String toString() { return "TaskFuture[" + taskId + ", " + super.toString() + "]"; }
}
