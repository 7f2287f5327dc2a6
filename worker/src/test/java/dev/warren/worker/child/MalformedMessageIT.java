package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import dev.warren.common.Protocol;
import dev.warren.common.QueueType;
import dev.warren.common.internal.Json;
import dev.warren.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input published with a plain AMQP client: each message is dead-lettered with its reason,
 * answered with an error where it has a reply_to, and the same child goes on to run a valid task.
 */
class MalformedMessageIT {
    static final Duration WAIT = Duration.ofSeconds(60); // a missing reply queue is retried for ~24 s first
    static final int LIMIT = 64 * 1024;
    static WireClient wire;
    static TestChild child;

    @BeforeAll static void start() throws Exception {
        wire = new WireClient(TestBroker.get().uri(), TestBroker.uniqueQueue("malformed-it"));
        child = TestChild.start(new ChildConfig("child-m", TestBroker.get().uri(), wire.queue, QueueType.QUORUM, 1, 0, 0, 0,
                LIMIT, 0, null, null, 0));
        child.await("ready", WAIT);
    }

    @AfterAll static void stop() throws Exception {
        child.close();
        wire.close();
    }

    /** Publishes the bad message, checks the dead letter, the reply (if expected) and that the child lives on. */
    void refused(AMQP.BasicProperties props, byte[] body, String reason, boolean answered) throws Exception {
        wire.publish(props, body);
        WireClient.Message dead = wire.awaitDead(WAIT);
        assertThat(dead.header(Protocol.H_DEAD_REASON)).as("dead-letter reason; child log:\n%s", child.stderr).isEqualTo(reason);
        assertThat(dead.header(Protocol.H_ORIGINAL_QUEUE)).isEqualTo(wire.queue);
        assertThat(dead.header(Protocol.H_DEAD_DETAIL).toString()).isNotBlank();
        assertThat(dead.header(Protocol.H_DEAD_ATTEMPTS)).isNotNull();
        if (answered) {
            WireClient.Message reply = wire.awaitReply(props.getMessageId(), WAIT);
            assertThat(reply.header(Protocol.H_STATUS)).isEqualTo("error");
            JsonNode err = Json.MAPPER.readTree(reply.body());
            assertThat(err.path("type").asText()).isEqualTo(reason);
            assertThat(err.path("message").asText()).isNotBlank();
        }
        String ok = wire.publish(wire.task("cube").build(), "5");
        assertThat(wire.awaitReply(ok, WAIT).body()).isEqualTo("125");
        assertThat(child.process.isAlive()).isTrue();
    }

    void refused(UnaryOperator<AMQP.BasicProperties.Builder> edit, String task, String body, String reason, boolean answered)
            throws Exception {
        refused(edit.apply(wire.task(task)).build(), body.getBytes(StandardCharsets.UTF_8), reason, answered);
    }

    static Map<String, Object> headers(Object... kv) {
        Map<String, Object> h = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) h.put((String) kv[i], kv[i + 1]);
        return h;
    }

    @Test void bodyThatIsNotJsonIsRefused() throws Exception {
        refused(b -> b, "cube", "{not json", Protocol.E_NOT_JSON, true);
    }

    @Test void jsonOfTheWrongShapeForTheInputTypeIsRefused() throws Exception {
        refused(b -> b, "cube", "{\"n\": 3}", Protocol.E_BAD_INPUT, true);
        refused(b -> b, "cube", "\"3\"", Protocol.E_BAD_INPUT, true); // no coercion of strings to numbers
    }

    @Test void unknownTaskNameIsRefused() throws Exception {
        refused(b -> b, "no-such-task", "1", Protocol.E_UNKNOWN_TASK, true);
    }

    @Test void missingTaskNameIsRefused() throws Exception {
        refused(b -> b.type(null), "cube", "1", Protocol.E_BAD_ENVELOPE, true);
    }

    @Test void missingReplyToIsDeadLetteredWithoutAnAnswer() throws Exception {
        refused(b -> b.replyTo(null), "cube", "1", Protocol.E_BAD_ENVELOPE, false);
    }

    @Test void missingMessageIdIsDeadLettered() throws Exception {
        refused(b -> b.messageId(null).correlationId(null), "cube", "1", Protocol.E_BAD_ENVELOPE, false);
    }

    @Test void bodyOverTheSizeLimitIsRefused() throws Exception {
        refused(b -> b, "echo", "\"" + "x".repeat(LIMIT) + "\"", Protocol.E_TOO_LARGE, true);
    }

    @Test void wrongContentTypeIsRefused() throws Exception {
        refused(b -> b.contentType("application/x-java-serialized-object"), "cube", "1", Protocol.E_BAD_ENVELOPE, true);
    }

    @Test void unknownProtocolVersionIsRefused() throws Exception {
        refused(b -> b.headers(headers(Protocol.H_PROTOCOL, 99)), "cube", "1", Protocol.E_UNSUPPORTED_PROTOCOL, true);
        refused(b -> b.headers(headers()), "cube", "1", Protocol.E_UNSUPPORTED_PROTOCOL, true);
    }

    @Test void replyToNamingAMissingQueueIsDeadLetteredAfterTheRun() throws Exception {
        refused(b -> b.replyTo("warren.reply.nobody-" + System.nanoTime()), "cube", "2", Protocol.E_REPLY_QUEUE_MISSING, false);
    }

    @Test void deadlineAlreadyPassedIsRefusedWithoutRunning() throws Exception {
        refused(b -> b.headers(headers(Protocol.H_PROTOCOL, 1, Protocol.H_DEADLINE, System.currentTimeMillis() - 1000)),
                "crash", "1", Protocol.E_DEADLINE_EXCEEDED, true);
    }

    @Test void inputTypeDifferentFromTheWorkersDeclaredOneIsRefused() throws Exception {
        refused(b -> b.headers(headers(Protocol.H_PROTOCOL, 1, Protocol.H_INPUT_TYPE, "java.lang.String")),
                "cube", "1", Protocol.E_INPUT_TYPE_MISMATCH, true);
    }

    @Test void nonNumericHeaderIsRefused() throws Exception {
        refused(b -> b.headers(headers(Protocol.H_PROTOCOL, 1, Protocol.H_ATTEMPT, "many")), "cube", "1",
                Protocol.E_BAD_ENVELOPE, true);
    }
}
