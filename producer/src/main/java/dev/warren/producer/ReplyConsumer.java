package dev.warren.producer;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.warren.common.internal.ProgressMessage;
import dev.warren.common.internal.ReplyEnvelope;
import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the reply queue on an amqp-client dispatch thread: decodes the envelope (cheap), hands
 * it on ({@link LinkListener#replied}: PendingTasks completes the future on the completion executor) and acks in
 * batches ({@code multiple=true} every {@link #ACK_EVERY} replies, and on a timer by {@link #flush()}).
 */
final class ReplyConsumer extends DefaultConsumer {
    private static final Logger log = LoggerFactory.getLogger(ReplyConsumer.class);
    static final int ACK_EVERY = 64;

    private final Consumer<ReplyEnvelope> replies;
    private final Consumer<ProgressMessage> progress;
    private final Runnable onCancelledByBroker;
    private final Object ackLock = new Object();
    private long lastTag;
    private long ackedTag;

    ReplyConsumer(Channel channel, Consumer<ReplyEnvelope> replies, Consumer<ProgressMessage> progress,
                  Runnable onCancelledByBroker) {
        super(channel);
        this.replies = replies;
        this.progress = progress;
        this.onCancelledByBroker = onCancelledByBroker;
    }

    /** The broker cancelled the subscription (the reply queue was deleted): re-declare and re-subscribe. */
    @Override public void handleCancel(String consumerTag) {
        log.warn("the broker cancelled reply consumer {} (reply queue deleted?); re-subscribing", consumerTag);
        onCancelledByBroker.run();
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        if (ProgressMessage.is(properties)) {
            progressed(properties, body);
        } else {
            reply(properties, body);
        }
        synchronized (ackLock) {
            lastTag = envelope.getDeliveryTag();
            if (lastTag - ackedTag >= ACK_EVERY) ackUpTo(lastTag);
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

    private void reply(AMQP.BasicProperties properties, byte[] body) {
        ReplyEnvelope reply = ReplyEnvelope.decode(properties, body);
        if (reply == null) {
            log.warn("dropped a message without correlation id on the reply queue");
        } else {
            replies.accept(reply);
        }
    }

    /** Acks everything delivered so far (called periodically). */
    void flush() {
        synchronized (ackLock) {
            if (lastTag > ackedTag) ackUpTo(lastTag);
        }
    }

    private void ackUpTo(long tag) {
        try {
            getChannel().basicAck(tag, true);
            ackedTag = tag;
        } catch (IOException | RuntimeException e) {
            // the channel is closing: unacked replies are redelivered after recovery and dropped as duplicates
            log.debug("could not ack replies up to {}: {}", tag, e.toString());
            ackedTag = tag;
        }
    }
}
