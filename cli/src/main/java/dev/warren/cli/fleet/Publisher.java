package dev.warren.cli.fleet;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.warren.common.WarrenException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Publishes to a queue one message at a time, mandatory, and waits for the broker's confirm. Not thread-safe. */
final class Publisher implements AutoCloseable {
    static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);

    private final Channel channel;
    private volatile boolean returned;

    Publisher(BrokerAccess broker) {
        try {
            channel = broker.connection().createChannel();
            channel.confirmSelect();
            channel.addReturnListener(r -> returned = true);
        } catch (IOException e) {
            throw new WarrenException("cannot open a confirmed channel: " + e.getMessage(), e);
        }
    }

    /**
     * Publishes and waits until the broker confirmed it (a returned message is not confirmed: the broker sends the
     * return before the ack).
     *
     * @throws WarrenException when the broker nacked or returned it, or did not confirm in time
     */
    void publishConfirmed(String queue, AMQP.BasicProperties props, byte[] body) {
        returned = false;
        try {
            channel.basicPublish("", queue, true, props, body);
            channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
        } catch (IOException | TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new WarrenException("the broker did not confirm a message to " + queue + ": " + e.getMessage(), e);
        }
        if (returned) throw new WarrenException("the broker returned a message to " + queue + " as unroutable");
    }

    @Override public void close() {
        try {
            if (channel.isOpen()) channel.close();
        } catch (IOException | TimeoutException | RuntimeException ignored) {
            // closing a channel we are done with
        }
    }
}
