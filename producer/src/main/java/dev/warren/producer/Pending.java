package dev.warren.producer;

import com.rabbitmq.client.AMQP;
import dev.warren.common.internal.ReplyEnvelope;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One published message awaiting its reply: what to (re-)publish, how to turn the reply into the future's value,
 * and the timeout timer. Owned by {@link PendingTasks}; {@link Link} only reads {@link #message()}.
 */
final class Pending<R> {
    interface Decoder<R> {
        R decode(ReplyEnvelope reply);

        /**
         * Whether it reads where and when the task ran (the reply's worker headers): false lets the task say
         * {@code warren-worker-info: 0}, and an ok reply comes without them (an error reply always has them).
         */
        default boolean readsWorker() { return true; }
    }

    /** The AMQP message, read as one so a publish never sees the properties of one state and the body of another. */
    record Message(AMQP.BasicProperties props, byte[] body) {}

    final String taskId;
    final String task;
    /** Kept until the broker confirms the message or the task ends, for re-publishing after a reconnection. */
    private volatile Message message;
    /** The deadline sent with the task (epoch ms), 0 = none. */
    final long deadline;
    final TaskFuture<R> future;
    private final Decoder<R> decoder;
    private volatile ScheduledFuture<?> timer;
    /** Set before the task is added when its retry policy allows more than one attempt; else null. */
    Retry retry;
    /** A detached task ({@code submitDetached}): its entry ends when the broker confirms it, completing with its id. */
    boolean detached;

    Pending(String taskId, String task, AMQP.BasicProperties props, byte[] body, long deadline,
            TaskFuture<R> future, Decoder<R> decoder) {
        this.taskId = taskId;
        this.task = task;
        this.message = new Message(props, body);
        this.deadline = deadline;
        this.future = future;
        this.decoder = decoder;
    }

    /** The message to publish; null once confirmed or ended: nothing to (re-)publish then. */
    Message message() { return message; }

    /** The broker has the message, or the task ended: a future outstanding for minutes need not hold its body. */
    void release() { message = null; }

    /** The next attempt's message (retry), published again by the transport. */
    void message(Message m) { this.message = m; }

    void timer(ScheduledFuture<?> t) { this.timer = t; }

    void cancelTimer() {
        ScheduledFuture<?> t = timer;
        if (t != null) t.cancel(false);
    }

    /** Until when workers should skip this task once cancelled: its deadline, or a day when it has none. */
    long skipUntil() {
        return deadline > 0 ? deadline : System.currentTimeMillis() + TimeUnit.HOURS.toMillis(24);
    }

    /**
     * Completes the future from a reply: the decoded value, or the decoder's exception; a {@code warren.Cancelled}
     * answer (the task was cancelled elsewhere, e.g. by {@code warren cancel}) cancels it.
     */
    void complete(ReplyEnvelope reply) {
        if (reply != null && !reply.ok() && dev.warren.common.Protocol.E_CANCELLED.equals(reply.error().type())) { // null: detached, confirmed
            future.cancelledRemotely("task " + taskId + " was cancelled: " + reply.error().message());
            return;
        }
        try {
            future.complete(decoder.decode(reply));
        } catch (RemoteTaskException e) {
            Retry r = retry;
            future.completeExceptionally(r == null || r.history().size() < 2 ? e
                    : new RemoteTaskException(e.task(), e.taskId(), e.error(), e.worker(), r.history()));
        } catch (RuntimeException | Error e) {
            future.completeExceptionally(e);
        }
    }
}
