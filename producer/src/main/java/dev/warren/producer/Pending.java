package dev.warren.producer;

import com.rabbitmq.client.AMQP;
import dev.warren.common.internal.ReplyEnvelope;
import java.util.concurrent.ScheduledFuture;

/**
 * One published message awaiting its reply: what to re-publish after a reconnection, how to turn
 * the reply into the future's value, and the timeout timer. Owned by {@link PendingTasks}.
 */
final class Pending<R> {
    interface Decoder<R> { R decode(ReplyEnvelope reply); }

    final String taskId;
    final String task;
    /** The message, kept only until the broker confirms it (to re-publish after a reconnection), then released. */
    private volatile AMQP.BasicProperties props;
    private volatile byte[] body;
    final long deadline;
    final TaskFuture<R> future;
    private final Decoder<R> decoder;
    private volatile ScheduledFuture<?> timer;

    Pending(String taskId, String task, AMQP.BasicProperties props, byte[] body, long deadline,
            TaskFuture<R> future, Decoder<R> decoder) {
        this.taskId = taskId;
        this.task = task;
        this.props = props;
        this.body = body;
        this.deadline = deadline;
        this.future = future;
        this.decoder = decoder;
    }

    AMQP.BasicProperties props() { return props; }

    byte[] body() { return body; }

    /** The broker has the message: a future outstanding for minutes need not hold its body. */
    void release() {
        props = null;
        body = null;
    }

    void timer(ScheduledFuture<?> t) { this.timer = t; }

    void cancelTimer() {
        ScheduledFuture<?> t = timer;
        if (t != null) t.cancel(false);
    }

    /** Completes the future from a reply: the decoded value, or the decoder's exception. */
    void complete(ReplyEnvelope reply) {
        try {
            future.complete(decoder.decode(reply));
        } catch (RuntimeException | Error e) {
            future.completeExceptionally(e);
        }
    }
}
