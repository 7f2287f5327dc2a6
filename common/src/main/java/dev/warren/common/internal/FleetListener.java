package dev.warren.common.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.AMQP;
import dev.warren.common.BrokerCapabilities;
import dev.warren.common.Protocol;
import dev.warren.common.WarrenException;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to {@code <queue>.fleet}: binds a private queue (server-named, exclusive, auto-delete; on RabbitMQ
 * with {@code x-message-ttl} {@value FleetMessage#READER_TTL_MS} ms) to the exchange, feeds every announcement to a {@link Fleet} and every hello to a callback. Works on any
 * AMQP 0-9-1 broker; with automatic recovery the private queue is re-declared after a reconnection.
 *
 * <pre>
 *  supervisor ── announce (every interval, and when it stops) ─┐
 *  reader ───── hello ─────────────────────────────────────────┤ <queue>.fleet (fanout)
 *                          ┌──────────────────┬────────────────┘
 *                     reader's queue     each supervisor's queue: a hello makes it announce at once
 * </pre>
 */
public final class FleetListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FleetListener.class);

    private final Channel channel;
    private final String exchange;
    private final String from;

    private FleetListener(Channel channel, String exchange, String from) {
        this.channel = channel;
        this.exchange = exchange;
        this.from = from;
    }

    /**
     * Starts listening.
     *
     * @param fleet   where announcements go
     * @param onHello called (on the connection's consumer thread) for every hello, including this listener's own
     * @param from    this reader's name, sent in its hellos
     * @throws WarrenException when the exchange or the queue cannot be declared
     */
    public static FleetListener start(Connection connection, String queue, Fleet fleet, Consumer<FleetMessage.Hello> onHello,
                                      String from) {
        new Topology(connection).declareFleetExchange(queue);
        String exchange = queue + Protocol.FLEET_SUFFIX;
        try {
            Channel ch = connection.createChannel();
            Map<String, Object> args = BrokerCapabilities.detect(connection).rabbitMq()
                    ? Map.of("x-message-ttl", FleetMessage.READER_TTL_MS) : Map.of();
            String own = ch.queueDeclare("", false, true, true, args).getQueue();
            ch.queueBind(own, exchange, "");
            ch.basicConsume(own, true, "warren-fleet", new DefaultConsumer(ch) {
                @Override public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] body) {
                    Optional<FleetMessage> m;
                    try {
                        m = FleetMessage.decode(body);
                    } catch (IllegalArgumentException e) {
                        log.debug("ignoring a malformed message on {}: {}", exchange, e.getMessage());
                        return;
                    }
                    if (m.isEmpty()) return;
                    if (m.get() instanceof Announcement a) fleet.accept(a, System.currentTimeMillis());
                    else if (m.get() instanceof FleetMessage.Hello h && onHello != null) onHello.accept(h);
                }
            });
            return new FleetListener(ch, exchange, from);
        } catch (IOException | RuntimeException e) {
            throw new WarrenException("cannot listen to " + exchange + ": " + e.getMessage(), e);
        }
    }

    /** Asks every supervisor to announce now (best effort: a failed publish is logged). */
    public void hello() {
        publish(new FleetMessage.Hello(from));
    }

    /** Publishes a message on the exchange on this listener's channel (best effort). */
    public void publish(FleetMessage m) {
        try {
            synchronized (channel) {
                channel.basicPublish(exchange, "", m.properties(), m.encode());
            }
        } catch (IOException | RuntimeException e) {
            log.debug("cannot publish {} on {}: {}", m.op(), exchange, e.toString());
        }
    }

    /** Stops listening; the private queue is deleted by the broker. Idempotent. */
    @Override public void close() {
        try {
            if (channel.isOpen()) channel.close();
        } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
            log.debug("closing the fleet channel: {}", e.toString());
        }
    }
}
