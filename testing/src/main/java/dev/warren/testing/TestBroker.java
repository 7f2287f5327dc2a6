package dev.warren.testing;

import dev.warren.common.BrokerSettings;
import java.util.UUID;

/**
 * The broker for integration tests, chosen once per JVM: {@code RABBITMQ_URI} if set, else a
 * Testcontainers RabbitMQ where a Docker engine exists, else the embedded Qpid broker.
 * (Minimal version: RABBITMQ_URI or the local default; the fallbacks are being added.)
 */
public final class TestBroker {
    private static volatile TestBroker instance;

    private final String uri;
    private final String kind;

    private TestBroker(String uri, String kind) {
        this.uri = uri;
        this.kind = kind;
    }

    /** The broker of this test JVM, started on first use. */
    public static synchronized TestBroker get() {
        if (instance == null) {
            String env = System.getenv("RABBITMQ_URI");
            instance = env != null && !env.isBlank()
                    ? new TestBroker(env, "RABBITMQ_URI")
                    : new TestBroker(BrokerSettings.DEFAULT_URI, "localhost");
        }
        return instance;
    }

    /** The broker's URI with credentials. */
    public String uri() { return uri; }

    public BrokerSettings settings() { return BrokerSettings.of(uri); }

    /** How the broker was found: {@code RABBITMQ_URI}, {@code testcontainers}, {@code embedded} or {@code localhost}. */
    public String kind() { return kind; }

    /** A queue name no other test uses. */
    public static String uniqueQueue(String prefix) {
        return prefix + "." + UUID.randomUUID().toString().substring(0, 8);
    }
}
