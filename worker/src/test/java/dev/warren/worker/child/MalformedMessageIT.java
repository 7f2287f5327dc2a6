package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.Protocol;
import dev.warren.common.QueueType;
import dev.warren.common.internal.Json;
import dev.warren.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of docs/error-cases.json (one per way to get each error type of docs/protocol.md 3.5),
 * published with a plain AMQP client to a real child: each gets its error type, is dead-lettered with
 * its reason or not, answered with an error or not, as the list says; nothing else is dead-lettered
 * or answered, and the child goes on to run a valid task (a child the case makes exit is replaced,
 * as a supervisor would).
 */
class MalformedMessageIT {
    static final Duration WAIT = Duration.ofSeconds(60); // a missing reply queue is retried for ~24 s first
    static WireClient wire;
    static ChildConfig config;
    static TestChild child;
    static final List<TestChild> exited = new ArrayList<>();
    static boolean clean = true;

    @BeforeAll static void start() throws Exception {
        wire = new WireClient(TestBroker.get().uri(), TestBroker.uniqueQueue("malformed-it"));
        JsonNode w = ErrorCases.worker();
        config = new ChildConfig("child-m", TestBroker.get().uri(), wire.queue, QueueType.QUORUM, 1, 0, 0,
                w.path("soft_time_limit_ms").asLong(), w.path("max_body_bytes").asInt(), w.path("max_attempts").asInt(),
                null, null, 0);
        child = TestChild.start(config);
        child.await("ready", WAIT);
    }

    @AfterAll static void stop() throws Exception {
        child.close();
        exited.forEach(TestChild::close);
        wire.close();
    }

    /** Replaces the child when it has exited, as its supervisor would. */
    static boolean keepAlive() throws Exception {
        if (!child.process.isAlive()) {
            exited.add(child);
            child = TestChild.start(config);
        }
        return true;
    }

    @TestFactory Stream<DynamicTest> everyCaseOfTheErrorTableGetsTheAnswerTheListExpects() {
        return ErrorCases.all().stream().filter(ErrorCases.Case::send)
                .map(c -> DynamicTest.dynamicTest(c.row() + ": " + c.name(), () -> check(c)));
    }

    void check(ErrorCases.Case c) throws Exception {
        keepAlive();
        if (!clean) { // the case before failed half-way: let what it caused arrive, then forget it
            String probe = wire.publish(wire.task("cube").build(), "1");
            await().atMost(WAIT).until(() -> keepAlive() && wire.hasReply(probe));
            wire.forgetAll();
        }
        clean = false;
        TestChild running = child;
        ErrorCases.Message m = c.message(wire.replyQueue, System.currentTimeMillis());
        wire.publish(m.props(), m.body());
        String type = c.expect().type();
        if (c.expect().reply()) {
            await().atMost(WAIT).until(() -> keepAlive() && wire.hasReply(m.id()));
            WireClient.Message reply = wire.awaitReply(m.id(), WAIT);
            assertThat(reply.header(Protocol.H_STATUS)).isEqualTo("error");
            JsonNode err = Json.MAPPER.readTree(reply.body());
            assertThat(err.path("type").asText()).as("error type; reply %s; child log:\n%s", reply.body(), running.stderr).isEqualTo(type);
            assertThat(err.path("message").asText()).isNotBlank();
            assertThat(err.path("retryable").asBoolean()).isEqualTo(!type.startsWith("warren."));
            assertThat(err.path("attempts").asInt()).isPositive();
        }
        if (c.expect().deadLettered()) {
            WireClient.Message dead = wire.awaitDead(WAIT);
            assertThat(dead.header(Protocol.H_DEAD_REASON)).as("dead-letter reason; child log:\n%s", running.stderr).isEqualTo(type);
            if (m.id() != null) assertThat(dead.props().getMessageId()).isEqualTo(m.id());
            else assertThat(dead.body()).isEqualTo(new String(m.body(), StandardCharsets.UTF_8));
            assertThat(dead.header(Protocol.H_ORIGINAL_QUEUE)).isEqualTo(wire.queue);
            assertThat(dead.header(Protocol.H_DEAD_DETAIL).toString()).isNotBlank();
            assertThat(dead.header(Protocol.H_DEAD_ATTEMPTS)).isNotNull();
        }
        // a valid task afterwards: the child lives on (or was replaced), and everything the case caused came before it
        String ok = wire.publish(wire.task("cube").build(), "5");
        await().atMost(WAIT).until(() -> keepAlive() && wire.hasReply(ok));
        assertThat(wire.awaitReply(ok, WAIT).body()).isEqualTo("125");
        if (!c.expect().reply()) {
            assertThat(m.id() == null || !wire.hasReply(m.id())).as("answered").isTrue();
            assertThat(wire.hasUncorrelatedReply()).as("a reply without a correlation_id").isFalse();
        }
        assertThat(wire.messageCount(wire.queue + Protocol.DEAD_SUFFIX)).as("other dead letters").isZero();
        assertThat(running.process.isAlive()).as("the child that got the case is alive").isEqualTo(!c.workerExits());
        clean = true;
    }
}
