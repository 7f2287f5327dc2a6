package dev.warren.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.warren.common.BrokerCapabilities;
import dev.warren.common.Protocol;
import dev.warren.common.QueueType;
import dev.warren.common.internal.Topology;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** warren's capability detection and topology on the embedded broker: the portable subset, no x- arguments. */
class QpidTopologyIT extends QpidFixture {

    @Test
    void capabilityDetectionSaysTheEmbeddedBrokerIsQpidAndNotRabbitmq() throws Exception {
        try (Connection c = connect()) {
            BrokerCapabilities caps = BrokerCapabilities.detect(c);
            assertThat(caps.rabbitMq()).isFalse();
            assertThat(caps.product()).containsIgnoringCase("qpid");
            assertThat(caps.version()).isNotEqualTo("unknown");
        }
    }

    @Test
    void aQuorumTaskQueueIsDeclaredAsAPlainDurableQueueWithItsDeadQueueAndControlExchange() throws Exception {
        String q = unique("it.tasks");
        try (Connection c = connect()) {
            Topology topology = new Topology(c);
            topology.declareTaskQueue(q, QueueType.QUORUM);
            topology.declareTaskQueue(q, QueueType.QUORUM); // idempotent, as every child and producer declares it
            assertThat(c.isOpen()).as("no x- argument reached the broker").isTrue();
            try (Channel ch = c.createChannel()) {
                assertThat(ch.queueDeclarePassive(q).getQueue()).isEqualTo(q);
                assertThat(ch.queueDeclarePassive(q + Protocol.DEAD_SUFFIX).getQueue()).isEqualTo(q + Protocol.DEAD_SUFFIX);
                ch.exchangeDeclarePassive(q + Protocol.CONTROL_SUFFIX);
                ch.queueDelete(q);
                ch.queueDelete(q + Protocol.DEAD_SUFFIX);
                ch.exchangeDelete(q + Protocol.CONTROL_SUFFIX);
            }
        }
    }

    @Test
    void aReplyQueueIsDeclaredWithoutXExpiresAndTheConnectionStaysOpen() throws Exception {
        String reply = Protocol.REPLY_PREFIX + unique("it");
        try (Connection c = connect()) {
            new Topology(c).declareReplyQueue(reply, Duration.ofMinutes(5));
            assertThat(c.isOpen()).isTrue();
            try (Channel ch = c.createChannel()) {
                assertThat(ch.queueDeclarePassive(reply).getConsumerCount()).isZero();
                ch.queueDelete(reply);
            }
        }
    }
}
