package dev.warren.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The raw baseline's producer, directly on amqp-client, doing what warren's producer does:
 * persistent, mandatory tasks with publisher confirms, a durable reply queue, correlation ids,
 * replies acked in batches ({@code multiple}). Futures complete on the consumer thread (warren
 * hands them to a completion executor instead).
 */
final class RawClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private final Connection conn;
    private final Channel pub;
    private final Channel sub;
    private final String queue;
    private final String replyQueue = "warren.bench.raw-reply." + UUID.randomUUID();
    private final ConcurrentHashMap<String, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final ConcurrentNavigableMap<Long, String> unconfirmed = new ConcurrentSkipListMap<>();
    private final boolean headers;

    RawClient(String uri, String queue, String queueType, boolean headers) throws Exception {
        this.headers = headers;
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(uri);
        f.setAutomaticRecoveryEnabled(false);
        conn = f.newConnection("warren-bench-raw-producer");
        this.queue = queue;
        pub = conn.createChannel();
        pub.queueDeclare(queue, true, false, false, RawConsumer.queueArgs(conn, queueType));
        pub.queueDeclare(replyQueue, true, false, false, RawConsumer.queueArgs(conn, "classic"));
        pub.confirmSelect();
        pub.addConfirmListener(new ConfirmListener() {
            @Override public void handleAck(long seq, boolean multiple) {
                if (multiple) unconfirmed.headMap(seq, true).clear(); else unconfirmed.remove(seq);
            }
            @Override public void handleNack(long seq, boolean multiple) {
                Map<Long, String> m = multiple ? unconfirmed.headMap(seq, true) : unconfirmed.subMap(seq, true, seq, true);
                for (String id : m.values()) {
                    CompletableFuture<byte[]> fut = pending.remove(id);
                    if (fut != null) fut.completeExceptionally(new IOException("nacked"));
                }
                m.clear();
            }
        });
        sub = conn.createChannel();
        sub.basicQos(2000);
        sub.basicConsume(replyQueue, false, new DefaultConsumer(sub) {
            private long unacked;
            @Override public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body)
                    throws IOException {
                CompletableFuture<byte[]> fut = pending.remove(props.getCorrelationId());
                if (++unacked >= 64 || pending.isEmpty()) {
                    sub.basicAck(env.getDeliveryTag(), true);
                    unacked = 0;
                }
                if (fut != null) fut.complete(body);
            }
        });
    }

    /** Publishes one task; the future completes with the reply body. */
    CompletableFuture<byte[]> submit(String type, byte[] body) throws IOException {
        String id = UUID.randomUUID().toString();
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        pending.put(id, f);
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().messageId(id).correlationId(id).type(type)
                .replyTo(replyQueue).contentType("application/json").deliveryMode(2)
                .timestamp(new java.util.Date()).headers(headers ? RawHeaders.task() : null).build();
        synchronized (this) {
            unconfirmed.put(pub.getNextPublishSeqNo(), id);
            pub.basicPublish("", queue, true, props, body);
        }
        return f;
    }

    int pendingCount() { return pending.size(); }

    /** Forgets outstanding futures (for the heap scenario's clean-up). */
    void forget() { pending.clear(); }

    @Override public void close() throws IOException {
        try {
            pub.queueDelete(replyQueue);
        } finally {
            conn.abort(5000);
        }
    }
}
