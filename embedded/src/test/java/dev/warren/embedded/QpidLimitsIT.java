package dev.warren.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where the embedded broker differs from RabbitMQ, or might: each test pins what Qpid Broker-J does, so
 * that warren's portable subset rests on observed behaviour rather than on assumptions.
 */
class QpidLimitsIT extends QpidFixture {

    private static void publish(Channel ch, String q, String body) throws Exception {
        ch.basicPublish("", q, true, new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRabbitmqXQueueArgumentClosesTheWholeConnection() throws Exception {
        // RabbitMQ accepts it; Qpid answers connection.close 542 "Unsupported queue declare argument(s)"
        Connection c = connect();
        Channel ch = c.createChannel();
        assertThatThrownBy(() -> ch.queueDeclare(unique("it.quorum"), true, false, false, Map.of("x-queue-type", "quorum")))
                .isInstanceOf(java.io.IOException.class);
        assertThat(c.isOpen()).isFalse();
        assertThat(c.getCloseReason().isHardError()).isTrue();
        assertThat(c.getCloseReason().getMessage()).contains("x-queue-type");
    }

    @Test
    void directReplyToDoesNotExistAndConsumingItClosesOnlyTheChannelWith404() throws Exception {
        try (Connection c = connect()) {
            Channel ch = c.createChannel();
            assertThatThrownBy(() -> ch.basicConsume("amq.rabbitmq.reply-to", true, (t, d) -> { }, t -> { }))
                    .hasStackTraceContaining("404");
            assertThat(ch.isOpen()).isFalse();
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void rejectWithoutRequeueRequeuesTheMessageInsteadOfDroppingIt() throws Exception {
        // RabbitMQ drops (or dead-letters) it; Qpid without an alternate binding puts it back, flagged redelivered,
        // even for the channel that rejected it. So a poison message must be acked after an application dead-letter.
        String q = unique("it.reject");
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            ch.queueDeclare(q, true, false, false, null);
            ch.confirmSelect();
            publish(ch, q, "bad");
            ch.waitForConfirmsOrDie(10_000);
            GetResponse r = ch.basicGet(q, false);
            assertThat(r).isNotNull();
            ch.basicReject(r.getEnvelope().getDeliveryTag(), false);
            GetResponse back = await().atMost(Duration.ofSeconds(10)).until(() -> ch.basicGet(q, false), g -> g != null);
            assertThat(back.getEnvelope().isRedeliver()).isTrue();
            assertThat(new String(back.getBody(), StandardCharsets.UTF_8)).isEqualTo("bad");
            ch.basicAck(back.getEnvelope().getDeliveryTag(), false);
            ch.queueDelete(q);
        }
    }

    @Test
    void nackWithRequeueRedeliversFlaggedRedelivered() throws Exception {
        String q = unique("it.nack");
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            ch.queueDeclare(q, true, false, false, null);
            ch.confirmSelect();
            publish(ch, q, "again");
            ch.waitForConfirmsOrDie(10_000);
            GetResponse first = ch.basicGet(q, false);
            ch.basicNack(first.getEnvelope().getDeliveryTag(), false, true);
            GetResponse second = await().atMost(Duration.ofSeconds(10)).until(() -> ch.basicGet(q, false), r -> r != null);
            assertThat(second.getEnvelope().isRedeliver()).isTrue();
            ch.basicAck(second.getEnvelope().getDeliveryTag(), false);
            ch.queueDelete(q);
        }
    }

    @Test
    void aPassiveDeclareCountsUnackedMessagesToo() throws Exception {
        // RabbitMQ's message_count is ready messages only (1 here); Qpid's includes delivered-unacked ones.
        String q = unique("it.depth");
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            ch.queueDeclare(q, true, false, false, null);
            ch.confirmSelect();
            publish(ch, q, "a");
            publish(ch, q, "b");
            ch.waitForConfirmsOrDie(10_000);
            GetResponse held = ch.basicGet(q, false);
            assertThat(held).isNotNull();
            assertThat(ch.queueDeclarePassive(q).getMessageCount()).isEqualTo(2);
            ch.basicAck(held.getEnvelope().getDeliveryTag(), false);
            await().atMost(Duration.ofSeconds(10)).until(() -> ch.queueDeclarePassive(q).getMessageCount() == 1);
            ch.queueDelete(q);
        }
    }

    @Test
    void basicCancelStopsDeliveriesAndConfirmsTheCancel() throws Exception {
        String q = unique("it.cancel");
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            ch.queueDeclare(q, true, false, false, null);
            List<String> events = new CopyOnWriteArrayList<>();
            String tag = ch.basicConsume(q, false, new DefaultConsumer(ch) {
                @Override public void handleCancelOk(String t) { events.add("cancel-ok"); }
                @Override public void handleDelivery(String t, Envelope e, AMQP.BasicProperties p, byte[] b) { events.add("delivery"); }
            });
            ch.basicCancel(tag);
            await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("cancel-ok"));
            ch.confirmSelect();
            publish(ch, q, "after cancel");
            ch.waitForConfirmsOrDie(10_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> ch.queueDeclarePassive(q).getMessageCount() == 1);
            assertThat(events).containsExactly("cancel-ok");
            ch.queueDelete(q);
        }
    }

    @Test
    void deletingAQueueDoesNotTellItsConsumer() throws Exception {
        // RabbitMQ sends basic.cancel (consumer_cancel_notify); Qpid leaves the consumer registered on an open channel.
        String q = unique("it.deleted");
        String flush = unique("it.flush");
        try (Connection c = connect(); Channel ch = c.createChannel(); Channel admin = c.createChannel()) {
            ch.queueDeclare(q, true, false, false, null);
            admin.queueDeclare(flush, false, false, true, null);
            List<String> events = new CopyOnWriteArrayList<>();
            ch.basicConsume(q, false, new DefaultConsumer(ch) {
                @Override public void handleCancel(String t) { events.add("cancel"); }
            });
            admin.queueDelete(q);
            // a later consume-ok on the same channel is dispatched after any cancel the delete caused
            ch.basicConsume(flush, true, new DefaultConsumer(ch) {
                @Override public void handleConsumeOk(String t) { events.add("flushed"); }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("flushed"));
            assertThat(events).containsExactly("flushed");
            assertThat(ch.isOpen()).isTrue();
            admin.queueDelete(flush);
        }
    }

    @Test
    void redeclaringADurableQueueAsTransientIsAcceptedSilently() throws Exception {
        // RabbitMQ refuses with 406 PRECONDITION_FAILED; Qpid answers declare-ok and keeps the queue as it was.
        String q = unique("it.mismatch");
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            ch.queueDeclare(q, true, false, false, null);
            assertThat(ch.queueDeclare(q, false, false, false, null).getQueue()).isEqualTo(q);
            assertThat(ch.isOpen()).isTrue();
            ch.queueDelete(q);
        }
    }
}
