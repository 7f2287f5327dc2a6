package dev.warren.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each fault of the kit, seen by a plain amqp-client connection that recovers through the kit's address resolver. */
class ChaosBrokerIT {
    @RegisterExtension static final ChaosBroker broker = ChaosBroker.create();

    /** A recovering connection (heartbeat 2 s) and counters of its losses and recoveries. */
    static final class Watched implements AutoCloseable {
        final AtomicInteger lost = new AtomicInteger();
        final AtomicInteger recovered = new AtomicInteger();
        final Connection connection;

        Watched() throws Exception {
            ConnectionFactory f = broker.settings().withHeartbeat(Duration.ofSeconds(2)).connectionFactory();
            f.setTopologyRecoveryEnabled(false); // queues here are declared per call
            connection = f.newConnection((java.util.concurrent.ExecutorService) null, broker.addressResolver(), "chaos-kit-it");
            connection.addShutdownListener(cause -> lost.incrementAndGet());
            ((Recoverable) connection).addRecoveryListener(new RecoveryListener() {
                @Override public void handleRecovery(Recoverable r) { recovered.incrementAndGet(); }
                @Override public void handleRecoveryStarted(Recoverable r) { }
            });
        }

        /** Publishes a persistent message to a durable queue and reads it back. */
        String roundTrip(String queue, String text) throws Exception {
            try (Channel ch = connection.createChannel()) {
                ch.queueDeclare(queue, true, false, false, null);
                ch.basicPublish("", queue, MessageProperties.PERSISTENT_TEXT_PLAIN, text.getBytes(StandardCharsets.UTF_8));
                GetResponse r = null;
                long end = System.nanoTime() + 5_000_000_000L;
                while (r == null && System.nanoTime() < end) r = ch.basicGet(queue, true);
                ch.queueDelete(queue);
                return r == null ? null : new String(r.getBody(), StandardCharsets.UTF_8);
            }
        }

        @Override public void close() throws Exception { connection.abort(2000); }
    }

    @Test void theAddressResolverNamesThePortTheContainerPublishes() throws Exception {
        var addresses = broker.addressResolver().getAddresses();
        assertThat(addresses).hasSize(1);
        assertThat(broker.uri()).endsWith(":" + addresses.get(0).getPort() + "/%2F");
        assertThat(addresses.get(0).getPort()).isEqualTo(broker.container().getAmqpPort());
    }

    @Test void aPartitionCutsTheConnectionAndRecoveryReconnectsAfterIt() throws Exception {
        try (Watched w = new Watched()) {
            broker.partition(Duration.ofSeconds(7));
            await().atMost(Duration.ofSeconds(60)).until(() -> w.recovered.get() >= 1);
            assertThat(w.lost).as("the missed heartbeats were noticed").hasPositiveValue();
            assertThat(w.roundTrip(TestBroker.uniqueQueue("chaos.partition"), "after")).isEqualTo("after");
        }
    }

    @Test void aFreezeLongerThanTheHeartbeatIsNoticedAndRecoveredFrom() throws Exception {
        try (Watched w = new Watched()) {
            broker.freeze(Duration.ofSeconds(7));
            await().atMost(Duration.ofSeconds(60)).until(() -> w.recovered.get() >= 1);
            assertThat(w.lost).hasPositiveValue();
            assertThat(w.roundTrip(TestBroker.uniqueQueue("chaos.freeze"), "thawed")).isEqualTo("thawed");
        }
    }

    @Test void aKilledAndRestartedBrokerKeepsPersistentMessagesOfDurableQueues() throws Exception {
        String queue = TestBroker.uniqueQueue("chaos.kill");
        try (Watched w = new Watched()) {
            try (Channel ch = w.connection.createChannel()) {
                ch.confirmSelect();
                ch.queueDeclare(queue, true, false, false, null);
                ch.basicPublish("", queue, MessageProperties.PERSISTENT_TEXT_PLAIN, "kept".getBytes(StandardCharsets.UTF_8));
                ch.waitForConfirmsOrDie(5000);
            }
            // the confirm covers the message, not the queue's metadata, which RabbitMQ logs to disk lazily:
            // a SIGKILL right after a declaration can lose the queue itself. Flush that log first.
            var sync = broker.container().execInContainer("rabbitmqctl", "eval", "mnesia:sync_log().");
            assertThat(sync.getExitCode()).as(sync.getStderr()).isZero();
            broker.killAndRestart();
            await().atMost(Duration.ofSeconds(60)).until(() -> w.recovered.get() >= 1);
            try (Channel ch = w.connection.createChannel()) {
                GetResponse r = ch.basicGet(queue, true);
                assertThat(r).as("the confirmed persistent message survived SIGKILL").isNotNull();
                assertThat(new String(r.getBody(), StandardCharsets.UTF_8)).isEqualTo("kept");
                ch.queueDelete(queue);
            }
        }
    }

    @Test void closingAllConnectionsIsSeenAsABrokerInitiatedCloseAndRecovered() throws Exception {
        try (Watched w = new Watched()) {
            broker.closeAllConnections();
            await().atMost(Duration.ofSeconds(30)).until(() -> w.recovered.get() >= 1);
            assertThat(w.lost).hasValue(1);
            assertThat(w.roundTrip(TestBroker.uniqueQueue("chaos.close"), "again")).isEqualTo("again");
        }
    }
}
