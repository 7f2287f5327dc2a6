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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child's two AMQP connections. Crash-only: no automatic recovery; losing either connection, the
 * broker cancelling the consumer, or a failed channel operation halts the process with
 * {@link ExitCode#BROKER_LOST} and the supervisor starts a fresh child, unless the child is closing
 * them on purpose.
 *
 * <p>The <em>task</em> connection's one channel carries tasks, replies and acks, and its consumer callbacks run on
 * the child's main loop (the connection's consumer executor is the loop itself): a delivery goes from the I/O thread
 * to the thread that runs the task with one hand-off, as with a plain amqp-client consumer. The <em>control</em>
 * connection listens to the control exchange on amqp-client's own dispatch thread, so that a cancel reaches a task
 * while the main loop is busy running it (amqp-client runs all of a connection's consumers on one executor, which is
 * why control has a connection of its own).
 */
final class ChildConnection {
    private static final Logger log = LoggerFactory.getLogger(ChildConnection.class);
    /** Exit status of a child whose own delivery handling threw: not an {@link ExitCode}, so a crash. */
    private static final int UNEXPECTED_ERROR = 1;

    private final Connection connection;
    private final Connection controlConnection;
    private final ChildEvents events;
    private Channel channel; // set once in setUp, before any other thread sees this object
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile boolean closing;
    private volatile String consumerTag;
    private volatile Runnable onCancelled = () -> { };

    private ChildConnection(Connection connection, Connection controlConnection, ChildEvents events) {
        this.connection = connection;
        this.controlConnection = controlConnection;
        this.events = events;
    }

    /**
     * Connects, declares the task queue, sets the prefetch and starts listening to the control exchange.
     *
     * @param mainLoop runs the task consumer's callbacks
     * @throws IOException when the broker cannot be reached or refuses the declarations
     */
    static ChildConnection open(ChildConfig cfg, ChildControl control, ChildEvents events, ExecutorService mainLoop)
            throws IOException {
        BrokerSettings broker = BrokerSettings.of(cfg.brokerUri());
        ConnectionFactory f = broker.connectionFactory();
        f.setAutomaticRecoveryEnabled(false); // crash-only: the supervisor starts a fresh child
        f.setTopologyRecoveryEnabled(false);
        String name = "warren-" + cfg.childId();
        Connection connection = null;
        ChildConnection c = null;
        try {
            connection = broker.connect(f, mainLoop, name); // any live node, in a shuffled order
            c = new ChildConnection(connection, broker.connect(f, name + "-control"), events);
            c.setUp(cfg, control);
            return c;
        } catch (TimeoutException | IOException | RuntimeException e) {
            if (c != null) c.close(); // marks closing first: the shutdown listeners must not halt on this close
            else closeQuietly(connection);
            if (e instanceof TimeoutException) {
                throw new IOException("timed out connecting to " + BrokerSettings.mask(cfg.brokerUri()), e);
            }
            if (e instanceof IOException io) throw io;
            throw (RuntimeException) e;
        }
    }

    private void setUp(ChildConfig cfg, ChildControl control) throws IOException {
        for (Connection c : new Connection[] {connection, controlConnection}) {
            c.addShutdownListener(cause -> {
                if (!closing) halt("connection to the broker lost: " + cause.getMessage(), "connection lost: " + cause.getMessage());
            });
        }
        new Topology(connection).declareTaskQueue(cfg.queue(), cfg.queueType());
        channel = connection.createChannel();
        channel.basicQos(cfg.prefetch());
        control.listen(controlConnection.createChannel(), cfg.queue());
    }

    /** The channel for tasks, replies and acks. */
    Channel channel() { return channel; }

    /**
     * Starts the task consumer (manual acks).
     *
     * @param onDelivery  gets each delivery, on the main loop; an exception it throws halts the child (crash-only)
     * @param onCancelled runs once the consumer has ended at this child's request (cancel-ok), on any thread
     */
    void consume(String queue, String tag, Consumer<Delivery> onDelivery, Runnable onCancelled) throws IOException {
        this.onCancelled = onCancelled;
        consumerTag = channel.basicConsume(queue, false, tag, new DefaultConsumer(channel) {
            @Override public void handleDelivery(String t, Envelope env, AMQP.BasicProperties props, byte[] body) {
                try {
                    onDelivery.accept(new Delivery(env.getDeliveryTag(), env.isRedeliver(), props, body));
                } catch (RuntimeException | Error e) { // amqp-client would log it and go on: crash-only, end the child
                    log.error("handling delivery {} failed", env.getDeliveryTag(), e);
                    halt("unexpected " + e, "unexpected " + e,
                            e instanceof VirtualMachineError ? ExitCode.VM_ERROR.code() : UNEXPECTED_ERROR);
                }
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

    /** Closes both connections, waiting up to 5 s for each. */
    void close() {
        closing = true;
        closeQuietly(connection);
        closeQuietly(controlConnection);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close(5000);
        } catch (IOException | RuntimeException e) {
            log.debug("closing: {}", e.toString());
        }
    }

    private void halt(String logLine, String detail) { halt(logLine, detail, ExitCode.BROKER_LOST.code()); }

    private void halt(String logLine, String detail, int code) {
        log.error("{}; exiting so the supervisor replaces this child", logLine);
        events.exiting("fatal", detail);
        Runtime.getRuntime().halt(code);
    }
}
