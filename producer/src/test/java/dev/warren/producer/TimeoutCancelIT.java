package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.warren.common.Protocol;
import dev.warren.common.internal.Json;
import dev.warren.examples.Examples;
import dev.warren.testing.TestBroker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TimeoutCancelIT {
    private final String queue = TestBroker.uniqueQueue("it.timeout");
    private final Held held = new Held();
    private TaskExecutor pool;
    private ScriptedResponder responder;

    @BeforeEach void start() throws Exception {
        pool = TaskExecutor.connect(Fixture.options(queue).build());
        responder = ScriptedResponder.start(Fixture.broker(), queue, held);
    }

    @AfterEach void stop() throws Exception {
        pool.shutdownNow();
        pool.close();
        responder.close();
        Fixture.deleteQueue(queue);
    }

    @Test void aTaskWithoutReplyWithinItsTimeoutFailsWithTimeoutException() {
        CompletableFuture<Integer> f = pool.submit(Examples.CUBE, 3, Duration.ofMillis(300));
        assertThat(f).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(TimeoutException.class);
        Fixture.awaitNothingPending(pool);
    }

    @Test void aLateReplyAfterTheTimeoutIsDropped() throws Exception {
        CompletableFuture<Integer> late = pool.submit(Examples.CUBE, 3, Duration.ofMillis(300));
        held.awaitTasks(1);
        assertThat(late).failsWithin(Duration.ofSeconds(10));
        held.answer(0);
        CompletableFuture<Integer> next = pool.submit(Examples.CUBE, 4);
        held.awaitTasks(2);
        held.answer(1);
        assertThat(next).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(64);
        assertThat(late).isCompletedExceptionally(); // still the timeout: the late 27 went nowhere
        Fixture.awaitNothingPending(pool);
    }

    @Test void aDuplicateReplyIsDroppedAndTheFirstWins() throws Exception {
        CompletableFuture<Integer> f = pool.submit(Examples.CUBE, 3);
        held.awaitTasks(1);
        held.reply(0, 27);
        held.reply(0, 99);
        CompletableFuture<Integer> next = pool.submit(Examples.CUBE, 2);
        held.awaitTasks(2);
        held.answer(1);
        assertThat(next).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(8); // the duplicate arrived before this
        assertThat(f).isCompletedWithValue(27);
        Fixture.awaitNothingPending(pool);
    }

    @Test void cancelCancelsTheFutureAndTellsTheWorkersToSkipTheTask() throws Exception {
        try (Connection c = Fixture.broker().connectionFactory().newConnection("control-listener");
             Channel ch = c.createChannel()) {
            String control = ch.queueDeclare().getQueue();
            ch.queueBind(control, queue + Protocol.CONTROL_SUFFIX, "");
            CompletableFuture<Integer> f = pool.submit(Examples.CUBE, 3, Duration.ofMinutes(5));
            held.awaitTasks(1);
            assertThat(f.cancel(true)).isTrue();
            assertThat(f).isCancelled();
            AtomicReference<GetResponse> got = new AtomicReference<>();
            org.awaitility.Awaitility.await().until(() -> { got.set(ch.basicGet(control, true)); return got.get() != null; });
            JsonNode msg = Json.MAPPER.readTree(got.get().getBody());
            assertThat(msg.get("op").asText()).isEqualTo("cancel");
            assertThat(msg.get("id").asText()).isEqualTo(held.tasks.get(0).taskId());
            assertThat(msg.get("until").asLong()).isEqualTo(held.tasks.get(0).deadline());
            assertThat(got.get().getProps().getContentType()).isEqualTo(Protocol.CONTENT_TYPE);
            assertThat(got.get().getProps().getType()).isEqualTo("cancel");
            Fixture.awaitNothingPending(pool);
            held.answer(0); // a reply that arrives anyway is dropped
            CompletableFuture<Integer> next = pool.submit(Examples.CUBE, 2);
            held.awaitTasks(2);
            held.answer(1);
            assertThat(next).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(8);
            assertThat(f).isCancelled();
        }
    }

    @Test void cancellingWithoutATimeoutAsksWorkersToSkipItForADay() throws Exception {
        try (Connection c = Fixture.broker().connectionFactory().newConnection("control-listener");
             Channel ch = c.createChannel()) {
            String control = ch.queueDeclare().getQueue();
            ch.queueBind(control, queue + Protocol.CONTROL_SUFFIX, "");
            long before = System.currentTimeMillis();
            CompletableFuture<Integer> f = pool.submit(Examples.CUBE, 3);
            f.cancel(false);
            AtomicReference<GetResponse> got = new AtomicReference<>();
            org.awaitility.Awaitility.await().until(() -> { got.set(ch.basicGet(control, true)); return got.get() != null; });
            assertThat(Json.MAPPER.readTree(got.get().getBody()).get("until").asLong())
                    .isGreaterThanOrEqualTo(before + Duration.ofHours(24).toMillis());
        }
    }
}
