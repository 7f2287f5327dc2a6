package dev.warren.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.warren.common.BrokerSettings;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The broker's lifecycle: start, connect by its URI, close frees the port and leaves no files. */
class EmbeddedBrokerIT {

    @Test
    void aClientConnectsWithTheUriTheBrokerReturns() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            assertThat(broker.uri()).isEqualTo("amqp://guest:guest@127.0.0.1:" + broker.port() + "/%2F");
            try (Connection c = BrokerSettings.of(broker.uri()).connectionFactory().newConnection()) {
                assertThat(c.isOpen()).isTrue();
                assertThat(c.getServerProperties().get("product").toString()).containsIgnoringCase("qpid");
            }
        }
    }

    @Test
    void theDefaultVirtualHostIsReachedBySlashByEmptyPathAndByItsName() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            String base = "amqp://guest:guest@127.0.0.1:" + broker.port();
            for (String uri : new String[] {base, base + "/", base + "/%2F", base + "/default"}) {
                try (Connection c = BrokerSettings.of(uri).connectionFactory().newConnection()) {
                    assertThat(c.isOpen()).as(uri).isTrue();
                }
            }
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            ConnectionFactory f = BrokerSettings.of(broker.uri().replace("guest:guest@", "guest:wrong@")).connectionFactory();
            f.setAutomaticRecoveryEnabled(false);
            assertThatThrownBy(f::newConnection).isInstanceOf(Exception.class);
        }
    }

    @Test
    void closeFreesThePortAndDeletesTheWorkDirectory() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start();
        int port = broker.port();
        assertThat(broker.workDir()).isDirectory();
        try (Connection c = BrokerSettings.of(broker.uri()).connectionFactory().newConnection()) {
            assertThat(c.isOpen()).isTrue();
        }
        broker.close();
        broker.close(); // idempotent
        try (ServerSocket again = new ServerSocket(port, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
        assertThat(broker.workDir()).doesNotExist();
    }

    @Test
    void startsOnARequestedPortAndRefusesOneInUse() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0)) {
            free = probe.getLocalPort();
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start(free)) {
            assertThat(broker.port()).isEqualTo(free);
            assertThatThrownBy(() -> EmbeddedBroker.start(free)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(String.valueOf(free));
        }
    }
}
