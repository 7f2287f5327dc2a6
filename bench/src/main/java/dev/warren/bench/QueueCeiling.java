package dev.warren.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.warren.common.BrokerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One queue's ceiling, PerfTest-style, on plain amqp-client: one publisher (persistent, publisher confirms,
 * at most {@code window} unconfirmed) and {@code consumers} consumers (manual ack in batches, prefetch
 * {@code prefetch}) on one queue at the same time; prints the end-to-end rate (first publish to last ack).
 * No request/reply: this is what the queue itself carries, the upper bound for any work queue on it.
 *
 * <pre>
 * java -cp bench/target/warren-bench.jar dev.warren.bench.QueueCeiling URI [quorum|classic] [MESSAGES] [BYTES] [CONSUMERS]
 * </pre>
 * URI may list several nodes ({@code amqp://u:p@h1:5720,h2:5721/%2F}); connections spread over them.
 */
public final class QueueCeiling {
    private static final int WINDOW = 500;
    private static final int PREFETCH = 200;

    private QueueCeiling() {}

    public static void main(String[] args) throws Exception {
        BrokerSettings broker = BrokerSettings.of(args[0]);
        String type = args.length > 1 ? args[1] : "quorum";
        int messages = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        int bytes = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        int consumers = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        String queue = "warren.bench.ceiling." + UUID.randomUUID();
        ConnectionFactory f = broker.connectionFactory();
        f.setAutomaticRecoveryEnabled(false);
        List<Connection> open = new ArrayList<>();
        try {
            Connection pubConn = broker.connect(f, "warren-bench-ceiling-publisher");
            open.add(pubConn);
            Channel pub = pubConn.createChannel();
            pub.queueDeclare(queue, true, false, false, Map.of("x-queue-type", type));
            CountDownLatch done = new CountDownLatch(messages);
            AtomicLong consumed = new AtomicLong();
            for (int i = 0; i < consumers; i++) {
                Connection c = broker.connect(f, "warren-bench-ceiling-consumer-" + i);
                open.add(c);
                Channel ch = c.createChannel();
                ch.basicQos(PREFETCH);
                ch.basicConsume(queue, false, new DefaultConsumer(ch) {
                    private int unacked;
                    @Override public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] body)
                            throws java.io.IOException {
                        if (++unacked >= PREFETCH / 4) {
                            ch.basicAck(env.getDeliveryTag(), true);
                            unacked = 0;
                        }
                        consumed.incrementAndGet();
                        done.countDown();
                    }
                });
            }
            Semaphore window = new Semaphore(WINDOW);
            pub.confirmSelect();
            AtomicLong confirmed = new AtomicLong();
            pub.addConfirmListener((seq, multiple) -> release(window, confirmed, seq, multiple),
                    (seq, multiple) -> { throw new IllegalStateException("nacked " + seq); });
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(2).build();
            byte[] body = new byte[bytes];
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                window.acquire();
                pub.basicPublish("", queue, props, body);
            }
            long published = System.nanoTime();
            if (!done.await(5, TimeUnit.MINUTES)) throw new IllegalStateException("only " + consumed + " consumed");
            long end = System.nanoTime();
            pub.queueDelete(queue);
            System.out.printf("queue-ceiling: %s queue, %s, %,d msgs x %d B, 1 publisher (confirms, window %d), "
                            + "%d consumers (prefetch %d): %,.0f msg/s end to end (publishing took %.1f s)%n",
                    type, broker.addresses().size() + " node(s)", messages, bytes, WINDOW, consumers, PREFETCH,
                    messages / ((end - start) / 1e9), (published - start) / 1e9);
        } finally {
            for (Connection c : open) c.abort(2000);
        }
    }

    /** Confirms come in order and may be {@code multiple}: one permit per newly confirmed sequence number. */
    private static void release(Semaphore window, AtomicLong confirmed, long seq, boolean multiple) {
        long last = confirmed.getAndAccumulate(seq, Math::max);
        long n = multiple ? seq - last : 1;
        if (n > 0) window.release((int) n);
    }
}
