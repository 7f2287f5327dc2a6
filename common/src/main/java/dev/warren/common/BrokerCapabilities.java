package dev.warren.common;

import com.rabbitmq.client.Connection;
import java.util.Map;

/**
 * What the broker at the other end is, read from its {@code product} and {@code version}
 * server properties. RabbitMQ-only queue arguments ({@code x-queue-type}, {@code x-expires})
 * are declared only where {@link #rabbitMq()} is true: other AMQP 0-9-1 brokers such as
 * Apache Qpid Broker-J close the connection on them.
 */
public record BrokerCapabilities(String product, String version) {
    public static BrokerCapabilities detect(Connection connection) {
        Map<String, Object> props = connection.getServerProperties();
        return new BrokerCapabilities(str(props.get("product")), str(props.get("version")));
    }

    private static String str(Object o) { return o == null ? "unknown" : o.toString(); }

    /** True when the server says it is RabbitMQ. */
    public boolean rabbitMq() { return product.toLowerCase(java.util.Locale.ROOT).contains("rabbitmq"); }

    @Override public String toString() { return product + " " + version; }
}
