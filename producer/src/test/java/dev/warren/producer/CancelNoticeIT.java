package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.warren.common.Protocol;
import dev.warren.common.internal.Json;
import dev.warren.examples.Examples;
import dev.warren.testing.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cancel messages a producer sends: interrupting or not, from an interrupted thread, and on shutdownNow. */
class CancelNoticeIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final String queue = TestBroker.uniqueQueue("it.cancelnotice");
    private final Held held = new Held();
    private TaskExecutor pool;
    private ScriptedResponder responder;
    private Connection listener;
    private Channel ch;
    private String control;

    @BeforeEach void start() throws Exception {
        pool = TaskExecutor.connect(Fixture.options(queue).build());
        responder = ScriptedResponder.start(Fixture.broker(), queue, held);
        listener = Fixture.broker().connectionFactory().newConnection("control-listener");
        ch = listener.createChannel();
        control = ch.queueDeclare().getQueue();
        ch.queueBind(control, queue + Protocol.CONTROL_SUFFIX, "");
    }

    @AfterEach void stop() throws Exception {
        pool.shutdownNow();
        pool.close();
        responder.close();
        listener.close();
        Fixture.deleteQueue(queue);
    }

    private JsonNode nextCancel() throws Exception {
        List<GetResponse> got = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            GetResponse r = ch.basicGet(control, true);
            if (r != null) got.add(r);
            return r != null;
        });
        return Json.MAPPER.readTree(got.get(0).getBody());
    }

    @Test void cancelTrueFromAnInterruptedThreadReturnsAtOnceKeepsTheInterruptAndSendsAnInterruptingCancel()
            throws Exception {
        CompletableFuture<Integer> f = pool.submit(Examples.CUBE, 3);
        held.awaitTasks(1);
        CompletableFuture<Boolean> interruptedAfter = CompletableFuture.supplyAsync(() -> {
            Thread.currentThread().interrupt(); // e.g. the thread consuming a map was interrupted
            f.cancel(true);
            return Thread.currentThread().isInterrupted();
        });
        assertThat(interruptedAfter).succeedsWithin(WAIT).isEqualTo(true);
        assertThat(f).isCancelled();
        JsonNode cancel = nextCancel();
        assertThat(cancel.get("id").asText()).isEqualTo(TaskFuture.of(f).taskId());
        assertThat(cancel.get("interrupt").asBoolean()).isTrue();
    }

    @Test void cancelFalseSendsACancelThatDoesNotInterrupt() throws Exception {
        CompletableFuture<Integer> f = pool.submit(Examples.CUBE, 3);
        held.awaitTasks(1);
        f.cancel(false);
        JsonNode cancel = nextCancel();
        assertThat(cancel.get("id").asText()).isEqualTo(TaskFuture.of(f).taskId());
        assertThat(cancel.has("interrupt")).isFalse();
    }

    @Test void shutdownNowSendsAnInterruptingCancelForEveryPendingTaskBeforeTheConnectionCloses() throws Exception {
        List<CompletableFuture<Integer>> fs = List.of(pool.submit(Examples.CUBE, 1), pool.submit(Examples.CUBE, 2),
                pool.submit(Examples.CUBE, 3));
        held.awaitTasks(3);
        Set<String> ids = new HashSet<>(pool.shutdownNow());
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue(); // the connection is closed now
        Set<String> cancelled = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            JsonNode c = nextCancel();
            assertThat(c.get("interrupt").asBoolean()).isTrue();
            cancelled.add(c.get("id").asText());
        }
        assertThat(cancelled).isEqualTo(ids).hasSize(3);
        assertThat(fs).allMatch(CompletableFuture::isCancelled);
    }
}
