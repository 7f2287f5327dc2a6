package dev.warren.testing;

import com.rabbitmq.client.Connection;
import dev.warren.common.BrokerCapabilities;
import dev.warren.common.BrokerSettings;
import dev.warren.embedded.EmbeddedBroker;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The broker for integration tests, chosen once per JVM and shared by every test in it. In order:
 * <ol>
 *   <li>{@code WARREN_TEST_BROKER=embedded} forces the embedded Qpid broker (so CI can run the ITs against
 *       both brokers: once with {@code RABBITMQ_URI}, once with this);</li>
 *   <li>{@code RABBITMQ_URI}, if set (CI sets it to the local RabbitMQ);</li>
 *   <li>a Testcontainers {@code RabbitMQContainer} where a Docker engine answers (image from
 *       {@code WARREN_TEST_RABBITMQ_IMAGE}, default {@code rabbitmq:3.13-management});</li>
 *   <li>the embedded Apache Qpid Broker-J ({@link EmbeddedBroker}), which needs nothing installed.</li>
 * </ol>
 * The choice and its reason are logged once. A container or embedded broker is stopped by a JVM shutdown
 * hook. Tests must not share queues: name them with {@link #uniqueQueue(String)} and delete them at the end.
 * Code under test that needs RabbitMQ-only features must check {@link #isRabbitMq()} (or, better, the
 * broker's capabilities) rather than assume them.
 *
 * <p>Thread-safe.
 */
public final class TestBroker {
    private static final Logger log = LoggerFactory.getLogger(TestBroker.class);
    private static TestBroker instance; // guarded by TestBroker.class

    private final String uri;
    private final BrokerChoice.Kind kind;
    private final AutoCloseable owned;
    private volatile Boolean rabbitMq;

    private TestBroker(String uri, BrokerChoice.Kind kind, AutoCloseable owned, Boolean rabbitMq) {
        this.uri = uri;
        this.kind = kind;
        this.owned = owned;
        this.rabbitMq = rabbitMq;
    }

    /**
     * The broker of this test JVM, chosen and started on first use (which may take a few seconds).
     *
     * @throws IllegalStateException if the chosen broker cannot be started
     * @throws IllegalArgumentException if {@code WARREN_TEST_BROKER} has an unknown value
     */
    public static synchronized TestBroker get() {
        if (instance == null) {
            BrokerChoice choice = BrokerChoice.decide(System.getenv(), TestBroker::dockerAvailable);
            instance = launch(choice);
            log.info("test broker: {} at {} because {}", choice.kind().label,
                    BrokerSettings.mask(instance.uri), choice.reason());
            TestBroker started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "warren-test-broker-shutdown"));
        }
        return instance;
    }

    /** The broker's URI with credentials. Do not log it unmasked. */
    public String uri() { return uri; }

    /** Settings for {@link #uri()}. */
    public BrokerSettings settings() { return BrokerSettings.of(uri); }

    /** How the broker was found: {@code RABBITMQ_URI}, {@code testcontainers} or {@code embedded}. */
    public String kind() { return kind.label; }

    /**
     * True when the broker is RabbitMQ (by its {@code product} server property; for {@code RABBITMQ_URI}
     * this opens one connection on first call). False for the embedded Qpid broker.
     *
     * @throws IllegalStateException if the broker named by {@code RABBITMQ_URI} cannot be reached
     */
    public boolean isRabbitMq() {
        Boolean known = rabbitMq;
        if (known == null) {
            try (Connection c = settings().connectionFactory().newConnection("warren-test-broker-probe")) {
                known = BrokerCapabilities.detect(c).rabbitMq();
            } catch (Exception e) {
                throw new IllegalStateException("cannot reach the test broker at " + BrokerSettings.mask(uri) + ": " + e, e);
            }
            rabbitMq = known;
        }
        return known;
    }

    /** A queue name no other test uses: {@code <prefix>.<8 random hex digits>}. */
    public static String uniqueQueue(String prefix) {
        return prefix + "." + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Deletes a task queue and what warren declares beside it ({@code <queue>.dead}, the {@code <queue>.control}
     * and {@code <queue>.fleet} exchanges). Best effort: what does not exist is skipped. For a test's clean-up.
     */
    public void deleteTaskQueue(String queue) {
        try (com.rabbitmq.client.Connection c = settings().connectionFactory().newConnection("warren-test-cleanup")) {
            for (String q : new String[] {queue, queue + dev.warren.common.Protocol.DEAD_SUFFIX}) {
                com.rabbitmq.client.Channel ch = c.createChannel();
                try {
                    ch.queueDelete(q);
                } catch (java.io.IOException | RuntimeException ignored) {
                    // absent
                }
            }
            for (String x : new String[] {dev.warren.common.Protocol.CONTROL_SUFFIX, dev.warren.common.Protocol.FLEET_SUFFIX}) {
                com.rabbitmq.client.Channel ch = c.createChannel();
                try {
                    ch.exchangeDelete(queue + x);
                } catch (java.io.IOException | RuntimeException ignored) {
                    // absent
                }
            }
        } catch (java.io.IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
            System.err.println("clean-up of " + queue + " failed: " + e);
        }
    }

    @Override public String toString() { return "TestBroker[" + kind.label + " " + BrokerSettings.mask(uri) + "]"; }

    /** Starts (or adopts) the chosen broker. Package-private so the embedded path can be tested on its own. */
    static TestBroker launch(BrokerChoice choice) {
        switch (choice.kind()) {
            case RABBITMQ_URI:
                return new TestBroker(choice.uri(), choice.kind(), null, null);
            case TESTCONTAINERS:
                RabbitMQContainer container = new RabbitMQContainer(
                        DockerImageName.parse(choice.image()).asCompatibleSubstituteFor("rabbitmq"));
                container.start();
                String uri = "amqp://" + container.getAdminUsername() + ":" + container.getAdminPassword() + "@"
                        + container.getHost() + ":" + container.getAmqpPort() + "/%2F";
                return new TestBroker(uri, choice.kind(), container::stop, true);
            case EMBEDDED:
                EmbeddedBroker broker = EmbeddedBroker.start();
                return new TestBroker(broker.uri(), choice.kind(), broker, false);
            default:
                throw new IllegalStateException("unknown broker kind " + choice.kind());
        }
    }

    /** Stops a broker this class started; nothing for {@code RABBITMQ_URI}. */
    void stop() {
        if (owned == null) return;
        try {
            owned.close();
        } catch (Exception e) {
            log.warn("stopping the {} test broker failed: {}", kind.label, e.toString());
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
