package dev.warren.producer;

import dev.warren.common.internal.ReplyEnvelope;
import java.time.Duration;

/**
 * What the transport ({@link Link}) reports: replies and the outcome of each publish. {@link PendingTasks}
 * implements it and alone decides what becomes of a future; the transport never completes one.
 *
 * <p>Called on amqp-client threads (replies, confirms, returns, recovery) or on the executor's timer (broker
 * loss), never under the publish lock except {@link #publishFailed}; implementations must not block.
 */
interface LinkListener {
    /**
     * A reply arrived on the reply queue (the first for a task wins). True when it was dealt with (the consumer acks
     * it); false when it is held unacknowledged, to be settled later through {@code from.settle(tag)}.
     */
    boolean replied(ReplyEnvelope reply, ReplyConsumer from, long tag);

    /** A task reported progress (not a reply; on an AMQP thread: hand it on, do not block). */
    default void progressed(dev.warren.common.internal.ProgressMessage progress) { }

    /** The broker confirmed the message: it is stored and need not be kept for re-publishing. */
    void confirmed(Pending<?> task);

    /** The broker refused the message (a publisher-confirm nack). */
    void nacked(Pending<?> task, String queue);

    /** The broker returned the mandatory message: no queue is bound to the routing key. */
    void returned(String taskId, String task, int replyCode, String replyText, String routingKey);

    /** Publishing failed on a channel that stays open, so no re-publish after recovery will come. */
    void publishFailed(Pending<?> task, Exception error);

    /** The broker has been unreachable for longer than the broker-loss timeout; the transport dropped every task it held. */
    void brokerLost(String maskedUri, Duration unreachableFor);

    /** The connection is back; {@code republished} unconfirmed or waiting tasks were published again. */
    void recovered(String maskedUri, int republished);
}
