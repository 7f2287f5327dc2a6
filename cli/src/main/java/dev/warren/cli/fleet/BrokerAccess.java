package dev.warren.cli.fleet;

import com.rabbitmq.client.Connection;
import dev.warren.common.BrokerSettings;
import dev.warren.common.Protocol;
import dev.warren.common.WarrenException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * A connection to the broker and the task queue, from the environment: {@code WARREN_BROKER_URI} (and its
 * {@code _FILE} variants), {@code WARREN_BROKER_ADDRESSES}, {@code WARREN_QUEUE}.
 */
public record BrokerAccess(Connection connection, String queue) implements AutoCloseable {
    /**
     * Connects.
     *
     * @throws WarrenException when the settings are invalid or no broker node answers (the message names it, password masked)
     */
    public static BrokerAccess connect(Map<String, String> env, String clientName) {
        BrokerSettings settings = BrokerSettings.fromEnvironment(env);
        String queue = env.getOrDefault("WARREN_QUEUE", "");
        if (queue.isBlank()) queue = Protocol.DEFAULT_QUEUE;
        try {
            return new BrokerAccess(settings.connect(settings.connectionFactory(), clientName), queue);
        } catch (IOException | TimeoutException e) {
            throw new WarrenException("cannot connect to " + settings.maskedUri() + ": "
                    + BrokerSettings.mask(String.valueOf(e.getMessage())), e);
        }
    }

    /** {@code <queue>.dead}. */
    public String deadQueue() { return queue + Protocol.DEAD_SUFFIX; }

    @Override public void close() {
        if (connection.isOpen()) connection.abort(2000);
    }
}
