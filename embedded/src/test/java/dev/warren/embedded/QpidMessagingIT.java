package dev.warren.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Return;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The AMQP 0-9-1 features warren uses, exercised on the embedded broker with amqp-client. */
class QpidMessagingIT extends QpidFixture {
    private static final AMQP.BasicProperties PERSISTENT = new AMQP.BasicProperties.Builder().deliveryMode(2).build();

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void aDurableQueueIsDeclaredAndAPassiveDeclareSeesItsMessages() throws Exception {
        String q = unique("it.durable");
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            AMQP.Queue.DeclareOk ok = ch.queueDeclare(q, true, false, false, null);
            assertThat(ok.getQueue()).isEqualTo(q);
            ch.confirmSelect();
            ch.basicPublish("", q, true, PERSISTENT, utf8("one"));
            ch.basicPublish("", q, true, PERSISTENT, utf8("two"));
            ch.waitForConfirmsOrDie(10_000);
            assertThat(ch.queueDeclarePassive(q).getMessageCount()).isEqualTo(2);
            assertThat(ch.queueDeclare(q, true, false, false, null).getMessageCount()).as("redeclare is idempotent").isEqualTo(2);
            ch.queueDelete(q);
        }
    }

    @Test
    void aPassiveDeclareOfAMissingQueueClosesTheChannelWith404ButNotTheConnection() throws Exception {
        try (Connection c = connect()) {
            Channel ch = c.createChannel();
            assertThatThrownBy(() -> ch.queueDeclarePassive(unique("it.missing")))
                    .hasStackTraceContaining("404");
            assertThat(ch.isOpen()).isFalse();
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void aConfirmedMandatoryPersistentMessageIsConsumedWithManualAckAndKeepsItsProperties() throws Exception {
        String q = unique("it.confirm");
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            ch.queueDeclare(q, true, false, false, null);
            ch.confirmSelect();
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(2).messageId("m1").correlationId("m1")
                    .type("cube").replyTo("warren.reply.x").contentType("application/json")
                    .headers(Map.of("an-int", 3, "a-long", 1_700_000_000_000L, "a-string", "text")).build();
            ch.basicPublish("", q, true, props, utf8("3"));
            ch.waitForConfirmsOrDie(10_000);

            BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
            ch.basicQos(1);
            ch.basicConsume(q, false, (tag, d) -> got.add(d), tag -> { });
            Delivery d = got.poll(10, TimeUnit.SECONDS);
            assertThat(d).isNotNull();
            assertThat(d.getEnvelope().isRedeliver()).isFalse();
            assertThat(d.getProperties().getDeliveryMode()).isEqualTo(2);
            assertThat(d.getProperties().getMessageId()).isEqualTo("m1");
            assertThat(d.getProperties().getType()).isEqualTo("cube");
            assertThat(d.getProperties().getReplyTo()).isEqualTo("warren.reply.x");
            Map<String, Object> h = d.getProperties().getHeaders();
            assertThat(((Number) h.get("an-int")).longValue()).isEqualTo(3);
            assertThat(((Number) h.get("a-long")).longValue()).isEqualTo(1_700_000_000_000L);
            assertThat(h.get("a-string").toString()).isEqualTo("text");
            ch.basicAck(d.getEnvelope().getDeliveryTag(), false);
            await().atMost(Duration.ofSeconds(10)).until(() -> ch.queueDeclarePassive(q).getMessageCount() == 0);
            ch.queueDelete(q);
        }
    }

    @Test
    void anUnroutableMandatoryMessageComesBackAsBasicReturnAndIsThenNackedNotAcked() throws Exception {
        // RabbitMQ sends basic.return, then basic.ack. Qpid NACKs it instead, and the nack was seen to arrive
        // BEFORE the return: a producer must not decide "no route" vs "refused" on the order of the two.
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            BlockingQueue<Return> returns = new LinkedBlockingQueue<>();
            BlockingQueue<String> confirms = new LinkedBlockingQueue<>();
            ch.addReturnListener(r -> {
                returns.add(r);
                confirms.add("return");
            });
            ch.addConfirmListener((tag, multiple) -> confirms.add("ack"), (tag, multiple) -> confirms.add("nack"));
            ch.confirmSelect();
            String nowhere = unique("it.nowhere");
            ch.basicPublish("", nowhere, true, PERSISTENT, utf8("lost"));
            assertThat(ch.waitForConfirms(10_000)).as("waitForConfirms is false: a nack").isFalse();
            Return r = returns.poll(10, TimeUnit.SECONDS);
            assertThat(r).isNotNull();
            assertThat(r.getReplyCode()).isEqualTo(312);
            assertThat(r.getRoutingKey()).isEqualTo(nowhere);
            assertThat(new String(r.getBody(), StandardCharsets.UTF_8)).isEqualTo("lost");
            await().atMost(Duration.ofSeconds(10)).until(() -> confirms.size() == 2);
            assertThat(confirms).containsExactlyInAnyOrder("return", "nack");
            assertThat(ch.isOpen()).isTrue();
        }
    }

    @Test
    void anUnackedMessageIsRedeliveredFlaggedRedeliveredAfterItsConsumersChannelCloses() throws Exception {
        String q = unique("it.redeliver");
        try (Connection c = connect(); Channel admin = c.createChannel()) {
            admin.queueDeclare(q, true, false, false, null);
            admin.basicPublish("", q, true, PERSISTENT, utf8("task"));

            Channel first = c.createChannel();
            BlockingQueue<Delivery> firstGot = new LinkedBlockingQueue<>();
            first.basicQos(1);
            first.basicConsume(q, false, (tag, d) -> firstGot.add(d), tag -> { });
            assertThat(firstGot.poll(10, TimeUnit.SECONDS)).isNotNull().satisfies(d -> assertThat(d.getEnvelope().isRedeliver()).isFalse());
            first.close(); // no ack: the message goes back to the queue

            Channel second = c.createChannel();
            BlockingQueue<Delivery> secondGot = new LinkedBlockingQueue<>();
            second.basicConsume(q, false, (tag, d) -> secondGot.add(d), tag -> { });
            Delivery again = secondGot.poll(10, TimeUnit.SECONDS);
            assertThat(again).isNotNull();
            assertThat(again.getEnvelope().isRedeliver()).isTrue();
            assertThat(new String(again.getBody(), StandardCharsets.UTF_8)).isEqualTo("task");
            assertThat(again.getProperties().getHeaders()).as("no x-delivery-count on Qpid")
                    .satisfiesAnyOf(hdr -> assertThat(hdr).isNull(), hdr -> assertThat(hdr).doesNotContainKey("x-delivery-count"));
            second.basicAck(again.getEnvelope().getDeliveryTag(), false);
            second.close();
            admin.queueDelete(q);
        }
    }

    @Test
    void aFanoutExchangeDeliversToEveryServerNamedExclusiveQueue() throws Exception {
        String exchange = unique("it.fanout");
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            ch.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, true);
            String a = ch.queueDeclare().getQueue();
            String b = ch.queueDeclare().getQueue();
            assertThat(a).isNotBlank().isNotEqualTo(b);
            ch.queueBind(a, exchange, "");
            ch.queueBind(b, exchange, "");
            ch.confirmSelect();
            ch.basicPublish(exchange, "ignored", false, null, utf8("cancel t1"));
            ch.waitForConfirmsOrDie(10_000);
            for (String q : List.of(a, b)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> ch.queueDeclarePassive(q).getMessageCount() == 1);
                GetResponse r = ch.basicGet(q, true);
                assertThat(new String(r.getBody(), StandardCharsets.UTF_8)).isEqualTo("cancel t1");
            }
            // exclusive to its connection; unlike RabbitMQ (channel error 405) Qpid closes the intruding CONNECTION with 403
            Connection other = connect();
            Channel foreign = other.createChannel();
            assertThatThrownBy(() -> foreign.basicConsume(a, true, (t, d) -> { }, t -> { }))
                    .hasStackTraceContaining("403");
            assertThat(other.isOpen()).isFalse();
            ch.exchangeDelete(exchange);
        }
    }

    @Test
    void prefetchOneHoldsBackTheRestUntilTheFirstIsAcked() throws Exception {
        String q = unique("it.qos");
        try (Connection c = connect(); Channel ch = c.createChannel(); Channel other = c.createChannel()) {
            ch.queueDeclare(q, true, false, false, null);
            ch.confirmSelect();
            for (int i = 1; i <= 3; i++) ch.basicPublish("", q, true, PERSISTENT, utf8("m" + i));
            ch.waitForConfirmsOrDie(10_000);
            ch.basicQos(1);
            List<Envelope> got = new CopyOnWriteArrayList<>();
            ch.basicConsume(q, false, new DefaultConsumer(ch) {
                @Override public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] body) {
                    got.add(env);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
            // the other two were not pushed to the consumer: another channel can still get them
            assertThat(other.basicGet(q, true)).isNotNull();
            assertThat(other.basicGet(q, true)).isNotNull();
            assertThat(got).hasSize(1);
            ch.basicAck(got.get(0).getDeliveryTag(), false);
            ch.queueDelete(q);
        }
    }
}
