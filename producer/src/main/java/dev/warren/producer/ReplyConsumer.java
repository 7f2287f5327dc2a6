package dev.warren.producer;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.warren.common.internal.ProgressMessage;
import dev.warren.common.internal.ReplyEnvelope;
import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the reply queue on an amqp-client dispatch thread: decodes the envelope (cheap), routes it
 * ({@link LinkListener#replied}: PendingTasks completes the future on the completion executor; a progress message
 * goes to {@link LinkListener#progressed}) and acks.
 *
 * <p>Acks: in batches ({@code multiple=true} every {@link #ACK_EVERY} replies, and on a timer by {@link #flush()}),
 * except while the router <em>holds</em> a reply (an unclaimed reply of a stable client id, kept unacknowledged so
 * that it goes back to the queue if this producer closes or dies before someone claims it). A multiple ack would
 * ack the held ones too, so while any is held every other reply is acked on its own, at once; when the last held
 * one is settled ({@link #settle}), batching resumes. A shut-down channel loses its held deliveries (the broker
 * requeues them): {@link #live()} turns false and their acks are moot.
 */
final class ReplyConsumer extends DefaultConsumer {
    private static final Logger log = LoggerFactory.getLogger(ReplyConsumer.class);
    static final int ACK_EVERY = 64;

    /** Where a reply goes. */
    interface Router {
        /** True when the reply is dealt with (ack it); false when it is held until {@code from.settle(tag)}. */
        boolean route(ReplyEnvelope reply, ReplyConsumer from, long tag);
    }

    private final Router router;
    private final Consumer<ProgressMessage> progress;
    private final Runnable onCancelledByBroker;
    private final WriteWatch watch;
    private final Object ackLock = new Object();
    private long lastTag;
    private long ackedTag;
    private int held; // guarded by ackLock
    private volatile boolean live = true;

    ReplyConsumer(Channel channel, Router router, Consumer<ProgressMessage> progress, Runnable onCancelledByBroker,
                  WriteWatch watch) {
        super(channel);
        this.watch = watch;
        this.router = router;
        this.progress = progress;
        this.onCancelledByBroker = onCancelledByBroker;
    }

    /** The broker cancelled the subscription (the reply queue was deleted): re-declare and re-subscribe. */
    @Override public void handleCancel(String consumerTag) {
        log.warn("the broker cancelled reply consumer {} (reply queue deleted?); re-subscribing", consumerTag);
        live = false;
        onCancelledByBroker.run();
    }

    @Override public void handleShutdownSignal(String consumerTag, ShutdownSignalException sig) { live = false; }

    /** False once the channel closed or the broker cancelled this consumer: its held deliveries were requeued. */
    boolean live() { return live && (getChannel() == null || getChannel().isOpen()); } // the channel closes before the signal reaches us

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        long tag = envelope.getDeliveryTag();
        boolean hold = false;
        if (ProgressMessage.is(properties)) {
            progressed(properties, body); // not a reply: never held, acked with the others
        } else {
            ReplyEnvelope reply = ReplyEnvelope.decode(properties, body);
            if (reply == null) {
                log.warn("dropped a message without correlation id on the reply queue");
            } else {
                hold = !router.route(reply, this, tag);
            }
        }
        synchronized (ackLock) {
            if (hold) {
                if (held == 0 && lastTag > ackedTag) ackUpTo(lastTag, true); // everything before it, while we still may
                held++;
                ackedTag = tag;
            } else if (held > 0) {
                ackUpTo(tag, false);
            }
            lastTag = tag;
            if (held == 0 && lastTag - ackedTag >= ACK_EVERY) ackUpTo(lastTag, true);
        }
    }

    /** A progress message (protocol section 3.6) is not a reply; one that cannot be read is dropped. */
    private void progressed(AMQP.BasicProperties properties, byte[] body) {
        try {
            progress.accept(ProgressMessage.decode(properties, body));
        } catch (IllegalArgumentException e) {
            log.debug("dropped an unreadable progress message: {}", e.getMessage());
        }
    }

    /** Acks a held delivery (claimed, or dropped after its retention); batching resumes when none is held. */
    void settle(long tag) {
        synchronized (ackLock) {
            if (held == 0) return;
            ackUpTo(tag, false);
            if (--held == 0) ackedTag = lastTag; // every other delivery was acked on its own meanwhile
        }
    }

    /** Acks everything delivered so far that is not held (called periodically). */
    void flush() {
        synchronized (ackLock) {
            if (held == 0 && lastTag > ackedTag) ackUpTo(lastTag, true);
        }
    }

    private void ackUpTo(long tag, boolean multiple) {
        watch.begin(WriteWatch.ACK); // a blocking write: the watch closes a socket it stalls on (under ackLock)
        try {
            getChannel().basicAck(tag, multiple);
        } catch (IOException | RuntimeException e) {
            // the channel is closing: unacked replies are redelivered after recovery and dropped as duplicates
            log.debug("could not ack replies up to {}: {}", tag, e.toString());
        } finally {
            watch.end(WriteWatch.ACK);
        }
        if (multiple || held == 0) ackedTag = Math.max(ackedTag, tag);
    }
}
