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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The raw baseline's consumer JVM, written directly on amqp-client: {@code java -cp warren-bench.jar
 * dev.warren.bench.RawConsumer URI QUEUE classic|quorum PREFETCH [headers|plain]}. It consumes with manual acks,
 * handles each task on the consumer thread, publishes a persistent reply (publisher confirms) to
 * {@code reply_to} with the task's correlation id, and acks the task when the reply is confirmed.
 * It prints {@code ready PID} once consuming and exits when its stdin closes (the bench is gone).
 */
public final class RawConsumer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RawConsumer() {}

    public static void main(String[] args) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(args[0]);
        f.setAutomaticRecoveryEnabled(false);
        Connection conn = f.newConnection("warren-bench-raw-consumer");
        String queue = args[1];
        Channel ch = conn.createChannel();
        ch.queueDeclare(queue, true, false, false, queueArgs(conn, args[2]));
        ch.basicQos(Integer.parseInt(args[3]));
        boolean headers = args.length > 4 && args[4].equals("headers"); // --raw-headers: warren's reply headers too
        ch.confirmSelect();
        ConcurrentNavigableMap<Long, Long> unconfirmed = new ConcurrentSkipListMap<>(); // publish seq -> delivery tag
        ch.addConfirmListener(new ConfirmListener() {
            @Override public void handleAck(long seq, boolean multiple) throws IOException {
                settle(ch, multiple ? unconfirmed.headMap(seq, true) : unconfirmed.subMap(seq, true, seq, true), true);
            }
            @Override public void handleNack(long seq, boolean multiple) throws IOException {
                settle(ch, multiple ? unconfirmed.headMap(seq, true) : unconfirmed.subMap(seq, true, seq, true), false);
            }
        });
        ch.basicConsume(queue, false, new DefaultConsumer(ch) {
            @Override public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body)
                    throws IOException {
                byte[] out = run(props.getType(), body);
                AMQP.BasicProperties reply = new AMQP.BasicProperties.Builder().correlationId(props.getCorrelationId())
                        .contentType("application/json").deliveryMode(2).headers(headers ? RawHeaders.reply() : null).build();
                synchronized (unconfirmed) {
                    unconfirmed.put(ch.getNextPublishSeqNo(), env.getDeliveryTag());
                    ch.basicPublish("", props.getReplyTo(), true, reply, out);
                }
            }
        });
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) { /* wait for EOF: the bench is gone */ }
        Runtime.getRuntime().halt(0);
    }

    /** {@code x-queue-type} on RabbitMQ; nothing elsewhere (Qpid Broker-J closes the connection on x- arguments). */
    static Map<String, Object> queueArgs(Connection conn, String type) {
        Object product = conn.getServerProperties().get("product");
        return product != null && product.toString().contains("RabbitMQ") ? Map.of("x-queue-type", type) : Map.of();
    }

    private static void settle(Channel ch, Map<Long, Long> done, boolean ack) throws IOException {
        for (Long tag : done.values()) {
            if (ack) ch.basicAck(tag, false); else ch.basicReject(tag, true);
        }
        done.clear();
    }

    /** The same work as warren's example tasks. */
    static byte[] run(String type, byte[] body) throws IOException {
        if (type == null) return body;
        switch (type) {
            case "chunk": // a JSON array of ints, like a chunk of map(noop)
                return JSON.writeValueAsBytes(JSON.readValue(body, int[].class));
            case "countdown":
                return Long.toString(countdown(Long.parseLong(new String(body, StandardCharsets.UTF_8).trim())))
                        .getBytes(StandardCharsets.UTF_8);
            default: // noop, echo
                return body;
        }
    }

    /** The loop of warren's countdown example, the very same code. */
    static long countdown(long n) {
        try {
            return dev.warren.examples.Countdown.run(n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
