package dev.warren.worker.child;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.warren.common.BrokerSettings;
import dev.warren.common.ExitCode;
import dev.warren.common.internal.Topology;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child's one AMQP connection. Crash-only: no automatic recovery; losing the connection, the
 * broker cancelling the consumer, or a failed channel operation halts the process with
 * {@link ExitCode#BROKER_LOST} and the supervisor starts a fresh child, unless the child is closing
 * it on purpose. One channel carries tasks, replies and acks; a second one listens to the control
 * exchange. Consumer callbacks run on the connection's dispatch thread and only hand work on.
 */
final class ChildConnection {
    private static final Logger log = LoggerFactory.getLogger(ChildConnection.class);

    private final Connection connection;
    private final ChildEvents events;
    private Channel channel; // set once in setUp, before any other thread sees this object
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile boolean closing;
    private volatile String consumerTag;
    private volatile Runnable onCancelled = () -> { };

    private ChildConnection(Connection connection, ChildEvents events) {
        this.connection = connection;
        this.events = events;
    }

    /**
     * Connects, declares the task queue, sets the prefetch and starts listening to the control exchange.
     *
     * @throws IOException when the broker cannot be reached or refuses the declarations
     */
    static ChildConnection open(ChildConfig cfg, ChildControl control, ChildEvents events) throws IOException {
        BrokerSettings broker = BrokerSettings.of(cfg.brokerUri());
        ConnectionFactory f = broker.connectionFactory();
        f.setAutomaticRecoveryEnabled(false); // crash-only: the supervisor starts a fresh child
        f.setTopologyRecoveryEnabled(false);
        Connection connection;
        try {
            connection = broker.connect(f, "warren-" + cfg.childId()); // any live node, in a shuffled order
        } catch (TimeoutException e) {
            throw new IOException("timed out connecting to " + BrokerSettings.mask(cfg.brokerUri()), e);
        }
        ChildConnection c = new ChildConnection(connection, events);
        c.setUp(cfg, control);
        return c;
    }

    private void setUp(ChildConfig cfg, ChildControl control) throws IOException {
        connection.addShutdownListener(cause -> {
            if (!closing) halt("connection to the broker lost: " + cause.getMessage(), "connection lost: " + cause.getMessage());
        });
        new Topology(connection).declareTaskQueue(cfg.queue(), cfg.queueType());
        channel = connection.createChannel();
        channel.basicQos(cfg.prefetch());
        control.listen(connection.createChannel(), cfg.queue());
    }

    /** The channel for tasks, replies and acks. */
    Channel channel() { return channel; }

    /**
     * Starts the task consumer (manual acks).
     *
     * @param onDelivery  gets each delivery, on the connection's thread
     * @param onCancelled runs once the consumer has ended at this child's request (cancel-ok), on any thread
     */
    void consume(String queue, String tag, Consumer<Delivery> onDelivery, Runnable onCancelled) throws IOException {
        this.onCancelled = onCancelled;
        consumerTag = channel.basicConsume(queue, false, tag, new DefaultConsumer(channel) {
            @Override public void handleDelivery(String t, Envelope env, AMQP.BasicProperties props, byte[] body) {
                onDelivery.accept(new Delivery(env.getDeliveryTag(), env.isRedeliver(), props, body));
            }

            @Override public void handleCancelOk(String t) { ChildConnection.this.onCancelled.run(); }

            @Override public void handleCancel(String t) {
                halt("the broker cancelled this consumer (queue deleted?)", "consumer cancelled by the broker");
            }
        });
    }

    /**
     * Stops the consumer (basic.cancel), once; later calls do nothing. Deliveries already sent still
     * arrive, then cancel-ok. If the cancel cannot be sent, the consumer counts as ended at once.
     */
    void cancelConsumer() {
        if (consumerTag == null || !cancelled.compareAndSet(false, true)) return;
        try {
            channel.basicCancel(consumerTag);
        } catch (IOException | RuntimeException e) {
            log.debug("cancelling the consumer: {}", e.toString());
            onCancelled.run();
        }
    }

    /** A channel operation failed: the broker is gone or the channel is broken. Halts unless closing. */
    void fail(String why) {
        if (!closing) halt(why, why);
    }

    /** From now on a lost connection is expected (the child is closing it, or halting on purpose). */
    void markClosing() { closing = true; }

    /** Closes the connection, waiting up to 5 s. */
    void close() {
        closing = true;
        try {
            connection.close(5000);
        } catch (IOException | RuntimeException e) {
            log.debug("closing: {}", e.toString());
        }
    }

    private void halt(String logLine, String detail) {
        log.error("{}; exiting so the supervisor replaces this child", logLine);
        events.exiting("fatal", detail);
        Runtime.getRuntime().halt(ExitCode.BROKER_LOST.code());
    }
}
