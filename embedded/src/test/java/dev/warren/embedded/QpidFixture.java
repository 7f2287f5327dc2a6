package dev.warren.embedded;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.warren.common.BrokerSettings;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One embedded broker per test class, and plain connections to it (no automatic recovery, so a close shows). */
abstract class QpidFixture {
    static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() { broker = EmbeddedBroker.start(); }

    @AfterAll
    static void stopBroker() { broker.close(); }

    static Connection connect() throws Exception {
        ConnectionFactory f = BrokerSettings.of(broker.uri()).connectionFactory();
        f.setAutomaticRecoveryEnabled(false);
        f.setTopologyRecoveryEnabled(false);
        return f.newConnection();
    }

    static String unique(String prefix) { return prefix + "." + UUID.randomUUID().toString().substring(0, 8); }
}
