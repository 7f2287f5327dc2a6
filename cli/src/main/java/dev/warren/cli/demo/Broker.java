package dev.warren.cli.demo;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.warren.common.BrokerSettings;
import dev.warren.common.Protocol;
import dev.warren.embedded.EmbeddedBroker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's broker: the one {@code WARREN_BROKER_URI} (or {@code WARREN_BROKER_URI_FILE}) names, or
 * an embedded Qpid broker started in this JVM. Says which it is; never logs a password.
 */
final class Broker implements AutoCloseable {
    private final BrokerSettings settings;
    private final EmbeddedBroker embedded;

    private Broker(BrokerSettings settings, EmbeddedBroker embedded) {
        this.settings = settings;
        this.embedded = embedded;
    }

    static Broker open(Map<String, String> env, Console console) {
        if (BrokerSettings.configuredIn(env)) {
            BrokerSettings s = BrokerSettings.fromEnvironment(env);
            console.line("broker: %s (from WARREN_BROKER_URI; queues are deleted at the end)", s.maskedUri());
            return new Broker(s, null);
        }
        long t0 = System.nanoTime();
        EmbeddedBroker b;
        try {
            b = EmbeddedBroker.start();
        } catch (RuntimeException e) {
            throw new DemoException("the embedded broker did not start: " + e.getMessage(), e);
        }
        console.line("broker: embedded Apache Qpid Broker-J in this JVM on 127.0.0.1:%d, memory only, started in %d ms",
                b.port(), (System.nanoTime() - t0) / 1_000_000);
        console.line("        (WARREN_BROKER_URI is not set; set it to use a RabbitMQ instead)");
        return new Broker(BrokerSettings.of(b.uri()), b);
    }

    BrokerSettings settings() { return settings; }

    boolean embedded() { return embedded != null; }

    /** What a supervisor needs in its environment to reach this broker (the user's own variables otherwise). */
    Map<String, String> supervisorEnvironment() {
        Map<String, String> env = new HashMap<>();
        if (embedded != null) env.put("WARREN_BROKER_URI", embedded.uri());
        return env;
    }

    /**
     * Deletes each task queue, its dead-letter queue and its control exchange (on the embedded
     * broker they vanish with it). Returns the problems as text, empty when all went.
     */
    String deleteQueues(List<String> queues) {
        if (embedded != null || queues.isEmpty()) return "";
        StringBuilder problems = new StringBuilder();
        try (Connection c = settings.connectionFactory().newConnection("warren-demo-cleanup")) {
            for (String q : queues) {
                for (String name : List.of(q, q + Protocol.DEAD_SUFFIX)) {
                    try (Channel ch = c.createChannel()) {
                        ch.queueDelete(name);
                    } catch (Exception e) {
                        problems.append(" queue ").append(name).append(": ").append(e.getMessage());
                    }
                }
                try (Channel ch = c.createChannel()) {
                    ch.exchangeDelete(q + Protocol.CONTROL_SUFFIX);
                } catch (Exception e) {
                    problems.append(" exchange ").append(q).append(Protocol.CONTROL_SUFFIX).append(": ").append(e.getMessage());
                }
            }
        } catch (Exception e) {
            problems.append(" cannot connect to delete the demo queues: ").append(BrokerSettings.mask(String.valueOf(e.getMessage())));
        }
        return problems.toString().trim();
    }

    /** Stops the embedded broker, if this is one. */
    @Override public void close() {
        if (embedded != null) embedded.close();
    }
}
