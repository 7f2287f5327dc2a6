package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.common.Protocol;
import dev.warren.common.TaskType;
import dev.warren.common.WarrenException;
import dev.warren.common.internal.Json;
import dev.warren.examples.Examples;
import dev.warren.testing.TestBroker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubmitIT {
    private final String queue = TestBroker.uniqueQueue("it.submit");
    private TaskExecutor pool;
    private ScriptedResponder responder;

    @BeforeEach void start() throws Exception {
        pool = TaskExecutor.connect(Fixture.options(queue).build());
        responder = ScriptedResponder.start(Fixture.broker(), queue, ScriptedResponder.compute());
    }

    @AfterEach void stop() throws Exception {
        pool.close();
        responder.close();
        Fixture.deleteQueue(queue);
    }

    @Test void submitCompletesWithTheWorkersOutput() {
        assertThat(pool.submit(Examples.CUBE, 3)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(27);
    }

    @Test void publishedTaskCarriesTheProtocolEnvelope() {
        pool.submit(Examples.CUBE, 4, Duration.ofSeconds(30)).join();
        ScriptedResponder.Received r = responder.received.get(0);
        var p = r.props();
        assertThat(p.getMessageId()).isEqualTo(p.getCorrelationId()).isNotBlank();
        assertThat(p.getType()).isEqualTo("cube");
        assertThat(p.getReplyTo()).isEqualTo(pool.options().replyQueue());
        assertThat(p.getDeliveryMode()).isEqualTo(2);
        assertThat(p.getContentType()).isEqualTo(Protocol.CONTENT_TYPE);
        assertThat(p.getHeaders().get(Protocol.H_PROTOCOL)).isEqualTo(Protocol.VERSION);
        assertThat(r.task().attempt()).isEqualTo(1);
        assertThat(r.task().inputType()).isEqualTo("java.lang.Integer");
        assertThat(r.task().deadline()).isGreaterThan(System.currentTimeMillis());
        assertThat(r.task().traceparent()).as("no trace is made up for a caller outside one").isNull();
    }

    @Test void eachTaskCarriesItsPublicationTimeInSecondsAndInMillisecondsForTheWorkersQueueTime() {
        long before = System.currentTimeMillis();
        pool.submit(Examples.CUBE, 5, Duration.ofSeconds(30)).join();
        long after = System.currentTimeMillis();
        var p = responder.received.get(0).props();
        long ms = ((Number) p.getHeaders().get(Protocol.H_PUBLISHED_AT)).longValue();
        assertThat(ms).isBetween(before, after);
        assertThat(p.getTimestamp().getTime() / 1000).isEqualTo(ms / 1000);
        assertThat(responder.received.get(0).task().timestamp()).as("decoded with ms precision").isEqualTo(ms);
    }

    @Test void taskIdsAreDistinctUuids() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) pool.submit(Examples.CUBE, i, Duration.ofSeconds(30)).join();
        for (ScriptedResponder.Received r : responder.received) ids.add(java.util.UUID.fromString(r.props().getMessageId()).toString());
        assertThat(ids).hasSize(50);
    }

    @Test void traceContextSupplierIsSentWithEachTask() throws Exception {
        String tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        try (TaskExecutor traced = TaskExecutor.connect(Fixture.options(queue).traceContext(() -> tp).build())) {
            TaskResult<Integer> r = traced.submitForResult(Examples.CUBE, 2, null).get();
            assertThat(r.traceparent()).isEqualTo(tp);
        }
    }

    @Test void submitForResultReportsWhereTheTaskRan() throws Exception {
        TaskResult<Integer> r = pool.submitForResult(Examples.CUBE, 5, null).get();
        assertThat(r.value()).isEqualTo(125);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.worker().child()).isEqualTo(ScriptedResponder.CHILD);
        assertThat(r.worker().host()).isEqualTo(ScriptedResponder.HOST);
        assertThat(r.worker().pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(r.taskId()).isEqualTo(responder.received.get(0).task().taskId());
    }

    @Test void remoteErrorCarriesTypeMessageAndStack() {
        CompletableFuture<String> f = pool.submit(Examples.FAIL, "boom");
        assertThat(f).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(RemoteTaskException.class, e -> {
                    assertThat(e.remoteType()).isEqualTo("java.lang.IllegalStateException");
                    assertThat(e.remoteMessage()).isEqualTo("boom");
                    assertThat(e.remoteStack()).contains("at dev.warren.producer.ScriptedResponder");
                    assertThat(e.getCause()).hasMessage("java.lang.IllegalStateException: boom"); // the remote frames, parsed
                    assertThat(e.getCause().getStackTrace()).anyMatch(frame -> frame.getClassName().equals(ScriptedResponder.class.getName()));
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.worker().child()).isEqualTo(ScriptedResponder.CHILD);
                    assertThat(e.getMessage()).isEqualTo("fail failed in child-1 pid " + ProcessHandle.current().pid()
                            + " on test-host: java.lang.IllegalStateException: boom");
                });
    }

    @Test void outputThatDoesNotMatchTheOutputTypeFailsWithAClearError() {
        TaskType<String, Integer> wrong = TaskType.of("echo", String.class, Integer.class);
        assertThat(pool.submit(wrong, "not a number")).failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(ExecutionException.class).havingCause()
                .isInstanceOf(WarrenException.class)
                .withMessageContaining("cannot decode the output of task echo")
                .withMessageContaining("java.lang.Integer");
    }

    @Test void inputOverTheBodyLimitIsRefusedBeforePublishing() throws Exception {
        try (TaskExecutor small = TaskExecutor.connect(Fixture.options(queue).maxBodyBytes(100).build())) {
            assertThatThrownBy(() -> small.submit(Examples.ECHO, Json.MAPPER.valueToTree("x".repeat(200))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("over the limit of 100");
        }
        assertThat(responder.received).isEmpty();
    }
}
