package dev.warren.cli;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.warren.common.BrokerSettings;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * What the task queue looks like when a wait ran out: a passive declare on a short-lived
 * connection of its own answers with the queue's consumer count and ready-message count
 * (RabbitMQ and Qpid Broker-J alike), so the error can say whether anyone serves the queue.
 */
final class QueueProbe {
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private QueueProbe() {}

    /** E.g. {@code queue warren.tasks has 0 consumers (is a worker running?) and 3 messages ready}; never throws. */
    static String describe(BrokerSettings broker, String queue) {
        try {
            ConnectionFactory f = broker.connectionFactory();
            f.setAutomaticRecoveryEnabled(false); // one question, no recovery
            f.setTopologyRecoveryEnabled(false);
            f.setConnectionTimeout(CONNECT_TIMEOUT_MS);
            f.setHandshakeTimeout(CONNECT_TIMEOUT_MS);
            try (Connection c = broker.connect(f, "warren-cli queue probe")) { // any node of a cluster
                Channel ch = c.createChannel();
                AMQP.Queue.DeclareOk ok = ch.queueDeclarePassive(queue);
                return state(queue, ok.getConsumerCount(), ok.getMessageCount());
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            return "queue " + queue + " could not be inspected (" + BrokerSettings.mask(rootMessage(e)) + ")";
        }
    }

    /** The sentence for these counts; a queue nobody consumes gets the hint to start a worker. */
    static String state(String queue, int consumers, int ready) {
        return "queue " + queue + " has " + count(consumers, "consumer") + (consumers == 0 ? " (is a worker running?)" : "")
                + " and " + count(ready, "message") + " ready";
    }

    private static String count(int n, String noun) { return n + " " + noun + (n == 1 ? "" : "s"); }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return c.getMessage() != null ? c.getMessage() : c.toString();
    }
}
