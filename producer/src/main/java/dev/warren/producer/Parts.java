package dev.warren.producer;

import dev.warren.common.TaskType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The parts of one {@link TaskExecutor}, wired together: its threads, the pending map, the transport, the
 * submitting paths and its lifecycle. The executor is the public face; this class holds what it delegates to.
 */
final class Parts {
    final Resources resources;
    final Termination life;
    final PendingTasks pending;
    final Link link;
    final Submitter submitter;
    final MapRuns maps;
    final Attach attacher;

    Parts(ProducerOptions options) {
        this.resources = new Resources(options);
        this.life = new Termination(this::active, this::terminate);
        this.pending = new PendingTasks(options.clientId(), resources.completion(), resources.timer(), life::maybeTerminate,
                this::publishCancel, this::republish,
                options.stableClientId() ? options.unclaimedReplyRetention() : null);
        this.link = new Link(options, pending, resources.timer());
        this.submitter = new Submitter(options, pending, link, life::state);
        this.maps = new MapRuns(options, pending, submitter, life::state);
        this.attacher = new Attach(options, pending, submitter, life::state);
    }

    /** Connects; on failure stops the threads and rethrows. */
    void open() {
        try {
            link.open();
        } catch (RuntimeException e) {
            resources.close();
            throw e;
        }
    }

    private int active() { return pending.active(); }

    private void publishCancel(String taskId, long until, boolean interrupt) { link.publishCancel(taskId, until, interrupt); }

    private void republish(Pending<?> p) { link.publish(p); }

    private void terminate() {
        try {
            link.close();
        } finally {
            resources.close();
        }
    }

    /** One {@code submit} with its own retry policy. */
    <I, R> TaskFuture<R> send(TaskType<I, ?> type, I input, java.time.Duration timeout, Pending.Decoder<R> decoder,
                              RetryPolicy retry) {
        return submitter.send(type, Submitter.encode(type, input), timeout, decoder,
                java.util.Objects.requireNonNull(retry, "retry"), false);
    }

    /** Submits every input (default timeout); on a failure the ones submitted are cancelled and it is rethrown. */
    <I, O> List<CompletableFuture<O>> submitAll(TaskType<I, O> type, Collection<? extends I> inputs) {
        List<CompletableFuture<O>> futures = new ArrayList<>(inputs.size());
        try {
            for (I in : inputs) futures.add(submitter.send(type, Submitter.encode(type, in), null, Outputs.value(type)));
        } catch (RuntimeException e) {
            futures.forEach(f -> f.cancel(true));
            throw e;
        }
        return futures;
    }
}
