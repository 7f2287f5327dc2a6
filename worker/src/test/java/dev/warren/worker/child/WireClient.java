package dev.warren.worker.child;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import dev.warren.common.BrokerSettings;
import dev.warren.common.Protocol;
import dev.warren.common.QueueType;
import dev.warren.common.internal.Topology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A plain AMQP client for tests: publishes hand-made task messages (valid or not) the way any
 * other service could, and reads replies and dead letters. No warren producer code involved.
 */
final class WireClient implements AutoCloseable {
    record Message(AMQP.BasicProperties props, String body) {
        Object header(String name) {
            Object v = props.getHeaders() == null ? null : props.getHeaders().get(name);
            return v == null ? null : v instanceof Number ? v : v.toString();
        }
    }

    final String queue;
    final String replyQueue;
    private final Connection connection;
    private final Channel channel;
    private final Map<String, Message> replies = new ConcurrentHashMap<>();

    WireClient(String uri, String queue) throws Exception {
        this.queue = queue;
        this.replyQueue = Protocol.REPLY_PREFIX + queue;
        BrokerSettings settings = BrokerSettings.of(uri);
        this.connection = settings.connectionFactory().newConnection("warren-test-wire");
        Topology t = new Topology(connection);
        t.declareTaskQueue(queue, QueueType.QUORUM);
        t.declareReplyQueue(replyQueue, Duration.ofMinutes(10));
        channel = connection.createChannel();
        channel.confirmSelect();
        channel.basicConsume(replyQueue, true, new DefaultConsumer(channel) {
            @Override public void handleDelivery(String tag, Envelope e, AMQP.BasicProperties p, byte[] body) {
                String id = p.getCorrelationId() == null ? "(none)" : p.getCorrelationId();
                replies.put(id, new Message(p, new String(body, StandardCharsets.UTF_8)));
            }
        });
    }

    /** Valid task properties for this task name and a fresh id. */
    AMQP.BasicProperties.Builder task(String name) {
        Map<String, Object> h = new HashMap<>();
        h.put(Protocol.H_PROTOCOL, Protocol.VERSION);
        h.put(Protocol.H_ATTEMPT, 1);
        String id = UUID.randomUUID().toString();
        return new AMQP.BasicProperties.Builder().messageId(id).correlationId(id).type(name).replyTo(replyQueue)
                .contentType(Protocol.CONTENT_TYPE).deliveryMode(2).headers(h);
    }

    /** Publishes (confirmed) to the task queue; returns the message id. */
    String publish(AMQP.BasicProperties props, String body) throws Exception {
        return publish(props, body.getBytes(StandardCharsets.UTF_8));
    }

    String publish(AMQP.BasicProperties props, byte[] body) throws Exception {
        channel.basicPublish("", queue, true, props, body); // null props: a message with no properties at all
        channel.waitForConfirmsOrDie(10_000);
        return props == null ? null : props.getMessageId();
    }

    void publishControl(String json) throws Exception {
        channel.basicPublish(queue + Protocol.CONTROL_SUFFIX, "", new AMQP.BasicProperties.Builder()
                .contentType(Protocol.CONTENT_TYPE).type("cancel").build(), json.getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(10_000);
    }

    Message awaitReply(String id, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Message m = replies.get(id);
            if (m != null) return m;
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("no reply for " + id + " within " + timeout + "; replies: " + replies.keySet());
    }

    boolean hasReply(String id) { return replies.containsKey(id); }

    /** A reply without a correlation_id arrived (a worker answered a message it could not correlate). */
    boolean hasUncorrelatedReply() { return replies.containsKey("(none)"); }

    /** The next dead-lettered message, waiting for it. */
    Message awaitDead(Duration timeout) throws Exception {
        return awaitGet(queue + Protocol.DEAD_SUFFIX, timeout);
    }

    Message awaitGet(String q, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            GetResponse r = channel.basicGet(q, true);
            if (r != null) return new Message(r.getProps(), new String(r.getBody(), StandardCharsets.UTF_8));
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("nothing arrived on " + q + " within " + timeout);
    }

    long messageCount(String q) throws IOException { return channel.messageCount(q); }

    /** Forgets every reply and dead letter so far (after a failed check, so the next one starts clean). */
    void forgetAll() throws IOException {
        replies.clear();
        channel.queuePurge(queue + Protocol.DEAD_SUFFIX);
    }

    @Override public void close() throws Exception {
        for (String q : new String[] {queue, queue + Protocol.DEAD_SUFFIX, replyQueue}) {
            try { channel.queueDelete(q); } catch (IOException | RuntimeException ignored) { }
        }
        try { channel.exchangeDelete(queue + Protocol.CONTROL_SUFFIX); } catch (IOException | RuntimeException ignored) { }
        connection.close();
    }
}
