package dev.warren.embedded;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.warren.common.BrokerSettings;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client JVM for {@link EmbeddedBrokerTlsIT}: for each URI argument it connects exactly as warren does,
 * through {@code BrokerSettings.of(uri).connectionFactory()} (so with this JVM's default SSLContext, i.e. its
 * {@code -Djavax.net.ssl.trustStore}), publishes a confirmed message to a server-named queue and consumes it.
 * It prints one line per URI, {@code OK <masked uri> received=<body>} or
 * {@code FAILED <masked uri> <exception chain>}, and exits 0 once every URI was tried.
 */
public final class TlsClientMain {
    private TlsClientMain() {}

    public static void main(String[] args) {
        for (String uri : args) {
            BrokerSettings settings = BrokerSettings.of(uri);
            try {
                System.out.println("OK " + settings.maskedUri() + " received=" + roundTrip(settings));
            } catch (Exception e) {
                StringBuilder chain = new StringBuilder();
                for (Throwable t = e; t != null; t = t.getCause()) chain.append(" <- ").append(t);
                System.out.println("FAILED " + settings.maskedUri() + BrokerSettings.mask(chain.toString()));
            }
        }
        System.out.flush();
        System.exit(0);
    }

    private static String roundTrip(BrokerSettings settings) throws Exception {
        ConnectionFactory f = settings.connectionFactory();
        f.setAutomaticRecoveryEnabled(false);
        try (Connection c = f.newConnection("warren-tls-it"); Channel ch = c.createChannel()) {
            String q = ch.queueDeclare().getQueue();
            ch.confirmSelect();
            ch.basicPublish("", q, true, null, "over tls".getBytes(StandardCharsets.UTF_8));
            ch.waitForConfirmsOrDie(10_000);
            BlockingQueue<String> got = new LinkedBlockingQueue<>();
            ch.basicConsume(q, true, (tag, d) -> got.add(new String(d.getBody(), StandardCharsets.UTF_8)), tag -> { });
            String body = got.poll(10, TimeUnit.SECONDS);
            if (body == null) throw new IllegalStateException("no message came back from " + q);
            ch.queueDelete(q);
            return body;
        }
    }
}
