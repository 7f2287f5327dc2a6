package dev.warren.common.internal;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.warren.common.BrokerCapabilities;
import dev.warren.common.Protocol;
import dev.warren.common.QueueType;
import dev.warren.common.WarrenException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that declares warren's queues and their arguments (see docs/protocol.md, "Queues").
 * RabbitMQ-only arguments are sent only when {@link BrokerCapabilities#rabbitMq()}.
 * Each declaration uses its own short-lived channel, so a refused declaration cannot kill the caller's channel.
 */
public final class Topology {
    private static final Logger log = LoggerFactory.getLogger(Topology.class);

    private final Connection connection;
    private final BrokerCapabilities caps;

    public Topology(Connection connection) {
        this.connection = connection;
        this.caps = BrokerCapabilities.detect(connection);
    }

    public BrokerCapabilities capabilities() { return caps; }

    /** The durable task queue and its dead-letter queue {@code <queue>.dead}, and the control exchange. */
    public void declareTaskQueue(String queue, QueueType type) {
        declareDurable(queue, type);
        declareDurable(queue + Protocol.DEAD_SUFFIX, type);
        declareControlExchange(queue);
    }

    /** The fanout exchange {@code <queue>.control} that carries cancellations to every child. */
    public void declareControlExchange(String queue) {
        run(ch -> ch.exchangeDeclare(queue + Protocol.CONTROL_SUFFIX, BuiltinExchangeType.FANOUT, true));
    }

    /**
     * The fanout exchange {@code <queue>.fleet} that carries supervisor announcements and readers' hellos
     * (durable like the control exchange; its messages are transient). Supervisors and readers declare it.
     */
    public void declareFleetExchange(String queue) {
        run(ch -> ch.exchangeDeclare(queue + Protocol.FLEET_SUFFIX, BuiltinExchangeType.FANOUT, true));
    }

    /** A classic reply queue: {@link #declareReplyQueue(String, Duration, QueueType)} with {@link QueueType#CLASSIC}. */
    public void declareReplyQueue(String name, Duration expiresAfter) {
        declareReplyQueue(name, expiresAfter, QueueType.CLASSIC);
    }

    /**
     * A producer's reply queue: durable so it outlives a broker restart, not exclusive so it
     * survives the producer's reconnection under the same name. On RabbitMQ it expires after
     * {@code expiresAfter} without consumers; elsewhere the producer deletes it on close.
     *
     * <p>{@code type} matters on a RabbitMQ cluster: a classic queue lives on one node, and while that
     * node is down replies to it are returned as unroutable and the queue cannot be re-declared
     * elsewhere (404, "home node ... is down"); a quorum queue is replicated like the task queue and
     * survives the loss of a minority of nodes. An existing reply queue of the other type is used as it is.
     */
    public void declareReplyQueue(String name, Duration expiresAfter, QueueType type) {
        Map<String, Object> args = new HashMap<>();
        if (caps.rabbitMq()) {
            args.put("x-queue-type", type == QueueType.QUORUM ? "quorum" : "classic");
            args.put("x-expires", expiresAfter.toMillis());
        }
        declareOrUseExisting(name, args);
    }

    private void declareDurable(String queue, QueueType type) {
        Map<String, Object> args = new HashMap<>();
        if (caps.rabbitMq()) args.put("x-queue-type", type == QueueType.QUORUM ? "quorum" : "classic");
        declareOrUseExisting(queue, args);
    }

    private void declareOrUseExisting(String queue, Map<String, Object> args) {
        try {
            run(ch -> ch.queueDeclare(queue, true, false, false, args));
        } catch (WarrenException e) {
            if (!isPreconditionFailed(e)) throw e;
            // the queue exists with other arguments (e.g. declared classic by an older deployment): use it as it is
            log.warn("queue {} exists with other arguments than {}; using it as declared", queue, args);
            run(ch -> ch.queueDeclarePassive(queue));
        }
    }

    private static boolean isPreconditionFailed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException s && s.getReason() instanceof com.rabbitmq.client.AMQP.Channel.Close c
                    && c.getReplyCode() == 406) return true;
        }
        return false;
    }

    interface ChannelAction { void run(Channel ch) throws IOException; }

    private void run(ChannelAction action) {
        Channel ch = null;
        try {
            ch = connection.createChannel();
            action.run(ch);
        } catch (IOException | RuntimeException e) {
            throw new WarrenException("declaring topology on " + caps + " failed: " + e.getMessage(), e);
        } finally {
            if (ch != null && ch.isOpen()) {
                try { ch.close(); } catch (IOException | TimeoutException | RuntimeException ignored) { }
            }
        }
    }
}
