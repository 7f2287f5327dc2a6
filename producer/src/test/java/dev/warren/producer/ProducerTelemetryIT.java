package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.examples.Examples;
import dev.warren.testing.TestBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The producer's spans and metrics, against the real broker and a scripted worker. */
class ProducerTelemetryIT {
    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    private final String queue = TestBroker.uniqueQueue("it.telemetry");
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
    private ScriptedResponder responder;

    @BeforeEach void start() throws Exception {
        TaskExecutor.connect(Fixture.options(queue).build()).close(); // declares the task queue
        // "sleep" never gets an answer: it ends by its timeout or a cancel
        responder = ScriptedResponder.start(Fixture.broker(), queue, (t, r) -> {
            if (!t.task().equals("sleep")) r.answer(t);
        });
    }

    @AfterEach void stop() throws Exception {
        responder.close();
        sdk.close();
        Fixture.deleteQueue(queue);
    }

    @Test void eachTaskGetsAProducerSpanWhoseContextTheMessageCarries() throws Exception {
        SpanContext caller = SpanContext.createFromRemoteParent(CALLER_TRACE, CALLER_SPAN, TraceFlags.getSampled(),
                TraceState.builder().put("vendor", "x").build());
        try (TaskExecutor pool = TaskExecutor.connect(Fixture.options(queue).openTelemetry(sdk).build());
             Scope ignored = Context.root().with(Span.wrap(caller)).makeCurrent()) {
            assertThat(pool.submit(Examples.CUBE, 3).get()).isEqualTo(27);
        }
        SpanData publish = spans.getFinishedSpanItems().get(0);
        ScriptedResponder.Received sent = responder.received.get(0);
        assertThat(publish.getName()).isEqualTo("cube publish");
        assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(publish.getTraceId()).isEqualTo(CALLER_TRACE);
        assertThat(publish.getParentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(publish.getAttributes().get(AttributeKey.stringKey("messaging.system"))).isEqualTo("rabbitmq");
        assertThat(publish.getAttributes().get(AttributeKey.stringKey("messaging.message.id")))
                .isEqualTo(sent.task().taskId());
        assertThat(publish.getAttributes().get(AttributeKey.stringKey("messaging.rabbitmq.destination.routing_key")))
                .isEqualTo(queue);
        assertThat(sent.task().traceparent()).isEqualTo("00-" + CALLER_TRACE + "-" + publish.getSpanId() + "-01");
        assertThat(sent.task().tracestate()).isEqualTo("vendor=x");
    }

    @Test void aCallerOutsideATraceWithoutAnSdkSendsNoTraceContext() throws Exception {
        try (TaskExecutor pool = TaskExecutor.connect(Fixture.options(queue).build())) {
            assertThat(pool.submit(Examples.CUBE, 2).get()).isEqualTo(8);
        }
        assertThat(responder.received.get(0).task().traceparent()).isNull();
        assertThat(responder.received.get(0).task().tracestate()).isNull();
    }

    @Test void anUnsampledCallerStaysUnsampled() throws Exception {
        String tp = "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-00";
        try (TaskExecutor pool = TaskExecutor.connect(Fixture.options(queue).openTelemetry(sdk).traceContext(() -> tp)
                .build())) {
            assertThat(pool.submit(Examples.CUBE, 2).get()).isEqualTo(8);
        }
        assertThat(responder.received.get(0).task().traceparent()).startsWith("00-" + CALLER_TRACE + "-").endsWith("-00");
        assertThat(spans.getFinishedSpanItems()).isEmpty(); // the SDK's parent-based sampler drops it
    }

    @Test void metricsCountTasksByOutcomeAndTimeTheirRoundTrip() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TaskExecutor pool = TaskExecutor.connect(Fixture.options(queue).meterRegistry(registry).build())) {
            pool.submit(Examples.CUBE, 3).join();
            CompletableFuture<String> failed = pool.submit(Examples.FAIL, "boom");
            CompletableFuture<String> timedOut = pool.submit(Examples.SLEEP, 1.0, Duration.ofMillis(200));
            CompletableFuture<String> cancelled = pool.submit(Examples.SLEEP, 1.0);
            await().until(() -> failed.isDone() && timedOut.isDone());
            assertThat(registry.get("warren.producer.tasks.in.flight").tag("queue", queue).gauge().value()).isEqualTo(1);
            cancelled.cancel(false);
            Fixture.awaitNothingPending(pool);
        }
        assertThat(count(registry, "cube", "ok")).isEqualTo(1);
        assertThat(count(registry, "fail", "error")).isEqualTo(1);
        assertThat(count(registry, "sleep", "timeout")).isEqualTo(1);
        assertThat(count(registry, "sleep", "cancelled")).isEqualTo(1);
        assertThat(count(registry, "cube", "error")).isZero();
        assertThat(registry.get("warren.producer.tasks.submitted").tag("task", "sleep").counter().count()).isEqualTo(2);
        assertThat(registry.get("warren.producer.tasks.in.flight").tag("queue", queue).gauge().value()).isZero();
        var roundTrip = registry.get("warren.producer.task.round.trip").tags("task", "cube", "outcome", "ok").timer();
        assertThat(roundTrip.count()).isEqualTo(1);
        assertThat(roundTrip.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
        assertThat(registry.get("warren.build.info").tags("component", "producer",
                "java.version", System.getProperty("java.version")).gauge().value()).isEqualTo(1);
    }

    private double count(SimpleMeterRegistry registry, String task, String outcome) {
        return registry.get("warren.producer.tasks.completed").tags("queue", queue, "task", task, "outcome", outcome)
                .counter().count();
    }
}
