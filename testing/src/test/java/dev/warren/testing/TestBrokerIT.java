package dev.warren.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.warren.common.BrokerCapabilities;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestBrokerIT {

    @Test
    void theBrokerOfThisJvmIsOneInstanceThatTakesConnectionsAndKnowsWhatItIs() throws Exception {
        TestBroker broker = TestBroker.get();
        assertThat(TestBroker.get()).isSameAs(broker);
        assertThat(broker.kind()).isIn("RABBITMQ_URI", "testcontainers", "embedded");
        try (Connection c = broker.settings().connectionFactory().newConnection()) {
            assertThat(broker.isRabbitMq()).isEqualTo(BrokerCapabilities.detect(c).rabbitMq());
        }
    }

    @Test
    void theEmbeddedPathStartsAQpidBrokerThatIsNotRabbitmqAndStopsIt() throws Exception {
        BrokerChoice embedded = BrokerChoice.decide(Map.of("WARREN_TEST_BROKER", "embedded"), () -> true);
        TestBroker broker = TestBroker.launch(embedded);
        try {
            assertThat(broker.kind()).isEqualTo("embedded");
            assertThat(broker.isRabbitMq()).isFalse();
            try (Connection c = broker.settings().connectionFactory().newConnection()) {
                assertThat(BrokerCapabilities.detect(c).product()).containsIgnoringCase("qpid");
            }
        } finally {
            broker.stop();
        }
        ConnectionFactory f = broker.settings().connectionFactory();
        f.setAutomaticRecoveryEnabled(false);
        assertThatThrownBy(f::newConnection).as("the stopped broker's port is closed").isInstanceOf(java.io.IOException.class);
    }
}
