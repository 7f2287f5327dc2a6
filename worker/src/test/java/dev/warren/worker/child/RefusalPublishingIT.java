package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.warren.common.BrokerSettings;
import dev.warren.common.Protocol;
import dev.warren.testing.TestBroker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a real child publishes what it refuses (docs/protocol.md sections 3 and 6): the dead letter is persistent even
 * for a transient task and mandatory, and the error reply is mandatory like every reply, so a missing queue is
 * noticed (the broker returns the message and the child says so) instead of being dropped in silence.
 */
class RefusalPublishingIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    WireClient wire;
    TestChild child;

    @BeforeEach void start() throws Exception {
        wire = new WireClient(TestBroker.get().uri(), TestBroker.uniqueQueue("refusal-it"));
        child = TestChild.start(ChildConfig.of("child-r", TestBroker.get().uri(), wire.queue));
        child.await("ready", WAIT);
    }

    @AfterEach void stop() throws Exception {
        child.close();
        wire.close();
    }

    @Test void theDeadLetterOfATransientTaskIsPersistent() throws Exception {
        AMQP.BasicProperties transientTask = wire.task("cube").deliveryMode(1).build();
        String id = wire.publish(transientTask, "not json");

        WireClient.Message dead = wire.awaitDead(WAIT);
        assertThat(dead.props().getMessageId()).isEqualTo(id);
        assertThat(dead.header(Protocol.H_DEAD_REASON)).isEqualTo(Protocol.E_NOT_JSON);
        assertThat(dead.props().getDeliveryMode()).as("delivery mode of the dead letter").isEqualTo(2);
        assertThat(wire.awaitReply(id, WAIT).props().getDeliveryMode()).as("the reply keeps the task's").isEqualTo(1);
    }

    @Test void anErrorReplyToAMissingQueueIsMandatoryAndComesBack() throws Exception {
        String missing = Protocol.REPLY_PREFIX + "no-such-" + wire.queue;
        wire.publish(wire.task("cube").replyTo(missing).build(), "not json");

        assertThat(wire.awaitDead(WAIT).header(Protocol.H_DEAD_REASON)).isEqualTo(Protocol.E_NOT_JSON);
        await().atMost(WAIT).until(() -> child.stderr.toString().contains("error reply to " + missing + " was returned"));
    }

    @Test void aDeadLetterToAMissingDeadLetterQueueIsMandatoryAndSaidToBeLost() throws Exception {
        try (Connection c = BrokerSettings.of(TestBroker.get().uri()).connectionFactory().newConnection("refusal-it")) {
            Channel ch = c.createChannel();
            ch.queueDelete(wire.queue + Protocol.DEAD_SUFFIX);
        }
        String id = wire.publish(wire.task("no-such-task").build(), "1");

        assertThat(wire.awaitReply(id, WAIT).body()).contains(Protocol.E_UNKNOWN_TASK);
        await().atMost(WAIT).until(() -> child.stderr.toString().contains("dead-letter queue " + wire.queue
                + Protocol.DEAD_SUFFIX + " does not exist: message " + id));
    }
}
