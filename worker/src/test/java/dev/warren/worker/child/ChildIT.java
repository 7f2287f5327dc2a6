package dev.warren.worker.child;

import dev.warren.common.ExitCode;
import dev.warren.worker.Initializer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.Protocol;
import dev.warren.common.QueueType;
import dev.warren.common.internal.Json;
import dev.warren.testing.BrokerConnections;
import dev.warren.testing.TestBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One real child JVM against the real broker, driven by a plain AMQP client. */
class ChildIT {
    static final Duration WAIT = Duration.ofSeconds(30);

    WireClient wire;
    TestChild child;

    @BeforeEach void setUp() throws Exception {
        wire = new WireClient(TestBroker.get().uri(), TestBroker.uniqueQueue("child-it"));
    }

    @AfterEach void tearDown() throws Exception {
        if (child != null) child.close();
        wire.close();
    }

    ChildConfig config() { return ChildConfig.of("child-7", TestBroker.get().uri(), wire.queue); }

    TestChild startChild(ChildConfig cfg) throws Exception {
        child = TestChild.start(cfg);
        child.await("ready", WAIT);
        return child;
    }

    @Test void cubeRepliesWithResultAndWhereItRan() throws Exception {
        startChild(config());
        String id = wire.publish(wire.task("cube").build(), "3");
        WireClient.Message r = wire.awaitReply(id, WAIT);
        assertThat(r.body()).isEqualTo("27");
        assertThat(r.header(Protocol.H_STATUS)).isEqualTo("ok");
        assertThat(((Number) r.header(Protocol.H_PID)).longValue()).isEqualTo(child.process.pid());
        assertThat(r.header(Protocol.H_CHILD)).isEqualTo("child-7");
        assertThat(r.props().getCorrelationId()).isEqualTo(id);
        JsonNode end = child.await("end", WAIT);
        assertThat(end.path("id").asText()).isEqualTo(id);
        assertThat(end.path("status").asText()).isEqualTo("ok");
    }

    @Test void chunkedBodyGetsOneOutputPerInputInOrder() throws Exception {
        startChild(config());
        var props = wire.task("cube");
        props.headers(Map.of(Protocol.H_PROTOCOL, 1, Protocol.H_CHUNK, 4));
        String id = wire.publish(props.build(), "[1,2,3,4]");
        assertThat(wire.awaitReply(id, WAIT).body()).isEqualTo("[1,8,27,64]");
    }

    @Test void taskExceptionIsAnErrorReplyAndTheChildGoesOn() throws Exception {
        startChild(config());
        String id = wire.publish(wire.task("fail").build(), "\"boom\"");
        WireClient.Message r = wire.awaitReply(id, WAIT);
        assertThat(r.header(Protocol.H_STATUS)).isEqualTo("error");
        JsonNode err = Json.MAPPER.readTree(r.body());
        assertThat(err.path("type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(err.path("message").asText()).isEqualTo("boom");
        assertThat(err.path("stack").asText()).contains("ExampleTasks");
        String next = wire.publish(wire.task("cube").build(), "2");
        assertThat(wire.awaitReply(next, WAIT).body()).isEqualTo("8");
        assertThat(child.process.isAlive()).isTrue();
    }

    @Test void taskPrintingToStdoutDoesNotCorruptTheEventChannel() throws Exception {
        startChild(config());
        String id = wire.publish(wire.task("test.print").build(), "\"hello\"");
        assertThat(wire.awaitReply(id, WAIT).body()).isEqualTo("\"hello\"");
        assertThat(child.await("end", WAIT).path("id").asText()).isEqualTo(id);
        assertThat(child.stderr.toString()).contains("must not corrupt the event channel: hello");
    }

    @Test void initializerRunsWithItsArgumentsBeforeTheChildConsumes() throws Exception {
        ChildConfig c = config();
        startChild(new ChildConfig(c.childId(), c.brokerUri(), c.queue(), QueueType.QUORUM, 1, 0, 0, 0, 0, 0,
                TestTasks.RecordingInitializer.class.getName(), List.of("a", "b"), 0));
        String id = wire.publish(wire.task("test.init-value").build(), "\"x\"");
        assertThat(wire.awaitReply(id, WAIT).body()).isEqualTo("\"initialized with a,b\"");
    }

    @Test void failingInitializerStopsTheChildWithTheFatalExitCode() throws Exception {
        ChildConfig c = config();
        child = TestChild.start(new ChildConfig(c.childId(), c.brokerUri(), c.queue(), QueueType.QUORUM, 1, 0, 0, 0, 0, 0,
                "no.such.Initializer", List.of(), 0));
        assertThat(child.awaitExit(WAIT)).isEqualTo(ExitCode.FATAL_START.code());
        assertThat(child.allEvents).anySatisfy(e -> assertThat(e.path("detail").asText()).contains("no.such.Initializer"));
    }

    @Test void traceparentTravelsBackOnTheReplyAndIntoTheChildsLogs() throws Exception {
        startChild(config());
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var props = wire.task("fail");
        props.headers(Map.of(Protocol.H_PROTOCOL, 1, Protocol.H_TRACEPARENT, "00-" + traceId + "-00f067aa0ba902b7-01",
                Protocol.H_TRACESTATE, "vendor=x"));
        String id = wire.publish(props.build(), "\"traced\"");
        WireClient.Message r = wire.awaitReply(id, WAIT);
        assertThat(r.header(Protocol.H_TRACEPARENT)).isEqualTo("00-" + traceId + "-00f067aa0ba902b7-01");
        assertThat(r.header(Protocol.H_TRACESTATE)).isEqualTo("vendor=x");
        org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(child.stderr.toString()).contains(traceId));
    }

    @Test void cancelledTaskThatHasNotStartedIsNotRunAndIsAnsweredCancelled() throws Exception {
        startChild(config());
        var cancelled = wire.task("cube").build();
        wire.publishControl("{\"op\":\"cancel\",\"id\":\"" + cancelled.getMessageId() + "\",\"until\":"
                + (System.currentTimeMillis() + 60_000) + "}");
        // the control message and the tasks take different paths; give the cancel a head start by a round trip
        String probe = wire.publish(wire.task("cube").build(), "1");
        wire.awaitReply(probe, WAIT);
        wire.publish(cancelled, "5");
        String after = wire.publish(wire.task("cube").build(), "4");
        assertThat(wire.awaitReply(after, WAIT).body()).isEqualTo("64");
        WireClient.Message answer = wire.awaitReply(cancelled.getMessageId(), WAIT);
        assertThat(answer.header(Protocol.H_STATUS)).isEqualTo(Protocol.STATUS_ERROR);
        assertThat(answer.body()).contains("\"type\":\"" + Protocol.E_CANCELLED + "\"", "before it started");
        assertThat(child.allEvents).noneSatisfy(e -> assertThat(e.path("id").asText()).isEqualTo(cancelled.getMessageId()));
        assertThat(wire.messageCount(wire.queue)).isZero();
    }

    @Test void drainFinishesTheRunningTaskHandsBackPrefetchedOnesAndExitsZero() throws Exception {
        ChildConfig c = config();
        startChild(new ChildConfig(c.childId(), c.brokerUri(), c.queue(), QueueType.QUORUM, 5, 0, 0, 0, 0, 0, null, null, 0));
        String running = wire.publish(wire.task("sleep").build(), "1.0");
        wire.publish(wire.task("cube").build(), "2");
        wire.publish(wire.task("cube").build(), "3");
        child.await("start", WAIT);
        child.send("drain");
        assertThat(child.awaitExit(WAIT)).isZero();
        assertThat(wire.awaitReply(running, WAIT).body()).contains("slept 1.0 s");
        // the two prefetched tasks are back in the queue, unstarted and not counted as attempts
        WireClient.Message back = wire.awaitGet(wire.queue, WAIT);
        assertThat(back.props().getHeaders().get(Protocol.H_ATTEMPT)).isEqualTo(1);
        assertThat(wire.awaitGet(wire.queue, WAIT).props().getType()).isEqualTo("cube");
    }

    @Test void drainWaitsForAReplyWhoseQueueIsMissingThenDeadLettersItInsteadOfLeavingItToRunAgain() throws Exception {
        startChild(config());
        String id = wire.publish(wire.task("cube").replyTo("warren.reply.nobody-" + System.nanoTime()).build(), "2");
        assertThat(child.await("end", WAIT).path("id").asText()).isEqualTo(id); // ran: its reply is being retried now
        child.send("drain");
        assertThat(child.awaitExit(Duration.ofSeconds(60))).isZero(); // the retries take ~24 s
        WireClient.Message dead = wire.awaitDead(WAIT);
        assertThat(dead.props().getMessageId()).isEqualTo(id);
        assertThat(dead.header(Protocol.H_DEAD_REASON)).isEqualTo(Protocol.E_REPLY_QUEUE_MISSING);
        assertThat(dead.header(Protocol.H_DEAD_ATTEMPTS)).isEqualTo(1);
        assertThat(wire.messageCount(wire.queue)).isZero(); // not handed back to run again as a crashed attempt
    }

    @Test void closedStdinMeansTheSupervisorIsGoneAndTheChildExits() throws Exception {
        startChild(config());
        child.closeStdin();
        assertThat(child.awaitExit(WAIT)).isEqualTo(ExitCode.SUPERVISOR_GONE.code());
    }

    @Test void losingTheControlConnectionEndsTheChildAsLosingTheTaskConnectionDoes() throws Exception {
        assumeTrue(TestBroker.get().isRabbitMq() && BrokerConnections.available(), "needs a local RabbitMQ and rabbitmqctl");
        startChild(config());
        String id = wire.publish(wire.task("cube").build(), "2");
        assertThat(wire.awaitReply(id, WAIT).body()).isEqualTo("8");
        BrokerConnections.close("warren-child-7-control", WAIT); // cancels and crash notes would no longer arrive
        assertThat(child.awaitExit(WAIT)).isEqualTo(ExitCode.BROKER_LOST.code());
    }

    @Test void softTimeLimitFailsTheTaskAcksItAndTheChildReplacesItself() throws Exception {
        ChildConfig c = config();
        startChild(new ChildConfig(c.childId(), c.brokerUri(), c.queue(), QueueType.QUORUM, 1, 0, 0, 300, 0, 0, null, null, 0));
        String id = wire.publish(wire.task("countdown").build(), "100000000000000");
        JsonNode err = Json.MAPPER.readTree(wire.awaitReply(id, WAIT).body());
        assertThat(err.path("type").asText()).isEqualTo(Protocol.E_TIME_LIMIT);
        assertThat(child.awaitExit(WAIT)).isEqualTo(ExitCode.SOFT_TIME_LIMIT.code());
        assertThat(wire.messageCount(wire.queue)).isZero();
    }

    @Test void taskIgnoringTheSoftLimitsInterruptIsAnsweredByTheWatchdogAndTheChildReplacesItself() throws Exception {
        ChildConfig c = config();
        startChild(new ChildConfig(c.childId(), c.brokerUri(), c.queue(), QueueType.QUORUM, 1, 0, 0, 300, 0, 0, null, null, 0));
        String id = wire.publish(wire.task("test.stubborn").build(), "600000");
        JsonNode err = Json.MAPPER.readTree(wire.awaitReply(id, WAIT).body());
        assertThat(err.path("type").asText()).isEqualTo(Protocol.E_TIME_LIMIT);
        assertThat(err.path("message").asText()).contains("ignored the interrupt");
        assertThat(child.awaitExit(WAIT)).isEqualTo(ExitCode.SOFT_TIME_LIMIT.code());
        assertThat(wire.messageCount(wire.queue)).isZero(); // acked: not redelivered to run away again
    }

    @Test void afterMaxTasksTheChildStopsConsumingAndAsksToBeRecycled() throws Exception {
        ChildConfig c = config();
        startChild(new ChildConfig(c.childId(), c.brokerUri(), c.queue(), QueueType.QUORUM, 1, 2, 0, 0, 0, 0, null, null, 0));
        String a = wire.publish(wire.task("cube").build(), "1");
        String b = wire.publish(wire.task("cube").build(), "2");
        String third = wire.publish(wire.task("cube").build(), "3");
        wire.awaitReply(a, WAIT);
        wire.awaitReply(b, WAIT);
        assertThat(child.await("recycle", WAIT).path("reason").asText()).isEqualTo("max-tasks");
        child.send("drain");
        assertThat(child.awaitExit(WAIT)).isZero();
        assertThat(wire.hasReply(third)).isFalse();
        assertThat(wire.messageCount(wire.queue)).isEqualTo(1);
    }

    @Test void memoryCeilingMakesTheChildAskToBeRecycledAfterATask() throws Exception {
        ChildConfig c = config();
        startChild(new ChildConfig(c.childId(), c.brokerUri(), c.queue(), QueueType.QUORUM, 1, 0, 1, 0, 0, 0, null, null, 0));
        String id = wire.publish(wire.task("cube").build(), "2");
        wire.awaitReply(id, WAIT);
        assertThat(child.await("recycle", WAIT).path("reason").asText()).isEqualTo("max-memory");
        String still = wire.publish(wire.task("cube").build(), "3"); // keeps consuming until the replacement is ready
        assertThat(wire.awaitReply(still, WAIT).body()).isEqualTo("27");
    }
}
