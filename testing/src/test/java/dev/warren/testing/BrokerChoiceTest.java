package dev.warren.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.testing.BrokerChoice.Kind;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class BrokerChoiceTest {
    private static final String URI = "amqp://u:p@rabbit:5672/%2F";
    private final AtomicInteger dockerAsked = new AtomicInteger();

    private BooleanSupplier docker(boolean available) {
        return () -> {
            dockerAsked.incrementAndGet();
            return available;
        };
    }

    @Test
    void rabbitmqUriWinsAndDockerIsNeverAsked() {
        BrokerChoice c = BrokerChoice.decide(Map.of("RABBITMQ_URI", URI), docker(true));
        assertThat(c.kind()).isEqualTo(Kind.RABBITMQ_URI);
        assertThat(c.uri()).isEqualTo(URI);
        assertThat(dockerAsked).hasValue(0);
    }

    @Test
    void forcingEmbeddedWinsOverRabbitmqUriAndDocker() {
        BrokerChoice c = BrokerChoice.decide(Map.of("RABBITMQ_URI", URI, "WARREN_TEST_BROKER", " Embedded "), docker(true));
        assertThat(c.kind()).isEqualTo(Kind.EMBEDDED);
        assertThat(c.reason()).contains("WARREN_TEST_BROKER");
        assertThat(dockerAsked).hasValue(0);
    }

    @Test
    void autoMeansTheUsualOrder() {
        assertThat(BrokerChoice.decide(Map.of("RABBITMQ_URI", URI, "WARREN_TEST_BROKER", "auto"), docker(false)).kind())
                .isEqualTo(Kind.RABBITMQ_URI);
    }

    @Test
    void anUnknownForcedBrokerIsAnErrorThatNamesTheVariable() {
        assertThatThrownBy(() -> BrokerChoice.decide(Map.of("WARREN_TEST_BROKER", "artemis"), docker(true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("WARREN_TEST_BROKER").hasMessageContaining("artemis");
    }

    @Test
    void withoutRabbitmqUriADockerEngineGivesTheDefaultRabbitmqImage() {
        BrokerChoice c = BrokerChoice.decide(Map.of("RABBITMQ_URI", "  "), docker(true));
        assertThat(c.kind()).isEqualTo(Kind.TESTCONTAINERS);
        assertThat(c.image()).isEqualTo("rabbitmq:3.13-management");
        assertThat(dockerAsked).hasValue(1);
    }

    @Test
    void theContainerImageComesFromTheEnvironment() {
        BrokerChoice c = BrokerChoice.decide(Map.of("WARREN_TEST_RABBITMQ_IMAGE", "mirror.local/rabbitmq:4.1"), docker(true));
        assertThat(c.image()).isEqualTo("mirror.local/rabbitmq:4.1");
    }

    @Test
    void withoutRabbitmqUriAndWithoutDockerTheEmbeddedBrokerIsChosen() {
        BrokerChoice c = BrokerChoice.decide(Map.of(), docker(false));
        assertThat(c.kind()).isEqualTo(Kind.EMBEDDED);
        assertThat(c.reason()).contains("no Docker engine");
        assertThat(c.uri()).isNull();
    }

    @Test
    void aDockerProbeThatThrowsCountsAsNoDockerAndItsErrorIsInTheReason() {
        BrokerChoice c = BrokerChoice.decide(Map.of(), () -> {
            throw new IllegalStateException("Could not find a valid Docker environment");
        });
        assertThat(c.kind()).isEqualTo(Kind.EMBEDDED);
        assertThat(c.reason()).contains("Could not find a valid Docker environment");
    }

    @Test
    void uniqueQueueNamesKeepThePrefixAndDiffer() {
        String a = TestBroker.uniqueQueue("it.tasks");
        String b = TestBroker.uniqueQueue("it.tasks");
        assertThat(a).startsWith("it.tasks.").isNotEqualTo(b);
    }
}
