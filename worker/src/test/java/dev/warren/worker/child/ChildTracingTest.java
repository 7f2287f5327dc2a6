package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.TaskError;
import dev.warren.common.internal.TaskEnvelope;
import dev.warren.examples.Examples;
import dev.warren.worker.TaskRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ChildTracingTest {
    private static final String TP = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static Decision.Run run(String traceparent, String tracestate) {
        TaskEnvelope env = new TaskEnvelope("t-1", "cube", "r", 0, 2, 0, null, null, traceparent, tracestate, true, 0,
                new byte[] {'3'});
        return new Decision.Run(env, new TaskRegistry.Entry<>(Examples.CUBE, (n, ctx) -> n));
    }

    @Test void withoutAnSdkTheTaskRunsWithItsOwnHeaders() {
        Decision.Run r = run(TP, "vendor=x");
        AtomicReference<Decision.Run> seen = new AtomicReference<>();
        new ChildTracing(OpenTelemetry.noop(), "q", "child-1").run(r, x -> { seen.set(x); return false; });
        assertThat(seen.get()).isSameAs(r);
    }

    @Test void withAnSdkTheTaskRunsInsideAConsumerSpanWhoseContextTheReplyCarries() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build()) {
            AtomicReference<Decision.Run> seen = new AtomicReference<>();
            AtomicReference<String> current = new AtomicReference<>();
            new ChildTracing(sdk, "q", "child-1").run(run(TP, "vendor=x"), x -> {
                seen.set(x);
                current.set(Span.current().getSpanContext().getSpanId());
                ChildTracing.failed(TaskError.of("java.lang.IllegalStateException", "boom", 2));
                return false;
            });
            SpanData s = spans.getFinishedSpanItems().get(0);
            assertThat(s.getName()).isEqualTo("cube process");
            assertThat(s.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
            assertThat(s.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(current.get()).isEqualTo(s.getSpanId());
            assertThat(seen.get().env().traceparent()).isEqualTo("00-" + s.getTraceId() + "-" + s.getSpanId() + "-01");
            assertThat(seen.get().env().tracestate()).isEqualTo("vendor=x");
            assertThat(seen.get().env().taskId()).isEqualTo("t-1");
            assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(s.getAttributes().get(io.opentelemetry.api.common.AttributeKey.longKey("warren.attempt")))
                    .isEqualTo(2L);
        }
    }

    @Test void anUnparsableTraceparentStartsANewTraceInsteadOfFailingTheTask() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build()) {
            boolean out = new ChildTracing(sdk, "q", "child-1").run(run("garbage", "vendor=x"), x -> true);
            assertThat(out).isTrue();
            assertThat(spans.getFinishedSpanItems().get(0).getParentSpanId()).isEqualTo("0000000000000000");
        }
    }
}
