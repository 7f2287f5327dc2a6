package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.QueueType;
import dev.warren.common.internal.Json;
import dev.warren.examples.Examples;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.RemoteTaskException;
import dev.warren.producer.TaskExecutor;
import dev.warren.producer.TaskResult;
import dev.warren.testing.TestBroker;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace across the broker: the producer's span in this JVM (the SDK's in-memory exporter), the child's span
 * in the child JVM (an SDK installed by {@link SpanFileInitializer}, its spans written to a file read here).
 */
class TracingIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @TempDir Path dir;
    private final InMemorySpanExporter producerSpans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(producerSpans)).build()).build();
    private WireClient wire;
    private TestChild child;
    private TaskExecutor pool;
    private Path childSpans;

    @BeforeEach void setUp() throws Exception {
        wire = new WireClient(TestBroker.get().uri(), TestBroker.uniqueQueue("tracing-it"));
        childSpans = dir.resolve("child-spans.jsonl");
        ChildConfig c = ChildConfig.of("child-3", TestBroker.get().uri(), wire.queue);
        child = TestChild.start(new ChildConfig(c.childId(), c.brokerUri(), c.queue(), QueueType.QUORUM, 1, 0, 0, 0, 0,
                0, SpanFileInitializer.class.getName(), List.of(childSpans.toString()), 0));
        child.await("ready", WAIT);
        pool = TaskExecutor.connect(ProducerOptions.builder().uri(TestBroker.get().uri()).queue(wire.queue)
                .declareTopology(false).openTelemetry(sdk).build());
    }

    @AfterEach void tearDown() throws Exception {
        if (pool != null) pool.close();
        if (child != null) child.close();
        wire.close();
        sdk.close();
    }

    @Test void theChildsSpanIsAChildOfTheProducersSpanAcrossTheBrokerAndTheReplyCarriesIt() throws Exception {
        SpanContext caller = SpanContext.createFromRemoteParent(CALLER_TRACE, CALLER_SPAN, TraceFlags.getSampled(),
                TraceState.builder().put("vendor", "x").build());
        TaskResult<Integer> r;
        try (Scope ignored = Context.root().with(Span.wrap(caller)).makeCurrent()) {
            r = pool.submitForResult(Examples.CUBE, 3, null).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(r.value()).isEqualTo(27);
        SpanData publish = producerSpans.getFinishedSpanItems().get(0);
        JsonNode process = childSpans().get(0);

        assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(publish.getTraceId()).isEqualTo(CALLER_TRACE);
        assertThat(process.path("name").asText()).isEqualTo("cube process");
        assertThat(process.path("kind").asText()).isEqualTo("CONSUMER");
        assertThat(process.path("traceId").asText()).isEqualTo(publish.getTraceId());
        assertThat(process.path("parentSpanId").asText()).isEqualTo(publish.getSpanId());
        assertThat(process.path("traceState").asText()).isEqualTo("vendor=x");
        assertThat(process.path("status").asText()).isEqualTo("UNSET");
        assertThat(process.path("attributes").path("messaging.message.id").asText()).isEqualTo(r.taskId());
        assertThat(process.path("attributes").path("messaging.system").asText()).isEqualTo("rabbitmq");
        assertThat(process.path("attributes").path("warren.child").asText()).isEqualTo("child-3");
        // the reply goes out in the child's span context
        assertThat(r.traceparent()).isEqualTo("00-" + CALLER_TRACE + "-" + process.path("spanId").asText() + "-01");
    }

    @Test void aTaskThatThrowsEndsItsChildSpanAsAnErrorWithTheErrorType() throws Exception {
        var f = pool.submit(Examples.FAIL, "boom");
        await().atMost(WAIT).until(f::isDone);
        assertThat(f).isCompletedExceptionally();
        assertThat(catchCause(f)).isInstanceOf(RemoteTaskException.class);
        JsonNode process = childSpans().get(0);
        assertThat(process.path("status").asText()).isEqualTo("ERROR");
        assertThat(process.path("attributes").path("error.type").asText()).isEqualTo("java.lang.IllegalStateException");
        // no caller trace: the producer span is a root, and the child's span is still its child
        SpanData publish = producerSpans.getFinishedSpanItems().get(0);
        assertThat(publish.getParentSpanId()).isEqualTo("0000000000000000");
        assertThat(process.path("traceId").asText()).isEqualTo(publish.getTraceId());
        assertThat(process.path("parentSpanId").asText()).isEqualTo(publish.getSpanId());
    }

    private static Throwable catchCause(java.util.concurrent.Future<?> f) {
        try {
            f.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The child's finished spans, once it has written one. */
    private List<JsonNode> childSpans() {
        List<JsonNode> out = new ArrayList<>();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(childSpans).exists();
            assertThat(Files.readAllLines(childSpans)).isNotEmpty();
        });
        try {
            for (String line : Files.readAllLines(childSpans)) out.add(Json.MAPPER.readTree(line));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }
}
