package dev.warren.worker.child;

import dev.warren.common.TaskError;
import dev.warren.common.internal.TaskEnvelope;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.MDC;

/**
 * The child's CONSUMER span per execution, {@code <task> process}, parented by the task's W3C {@code traceparent}
 * and {@code tracestate} (docs/protocol.md, section 8). The task runs inside it (its own spans are children of
 * it) and its reply carries the span's context back to the producer.
 *
 * <p>The tracer is {@link GlobalOpenTelemetry}'s, read once when the child starts consuming, after the
 * initializer: an OpenTelemetry agent, the SDK's autoconfiguration or an {@code Initializer} that calls
 * {@code GlobalOpenTelemetry.set} provides it. Without one this class costs one null check per task: the task's
 * headers go back on the reply unchanged, as the no-op API would send them.
 */
final class ChildTracing {
    static final String SCOPE = "dev.warren.worker";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<TaskEnvelope> TASK = new TextMapGetter<>() {
        @Override public Iterable<String> keys(TaskEnvelope env) { return List.of("traceparent", "tracestate"); }

        @Override public String get(TaskEnvelope env, String key) {
            if (env == null) return null;
            return key.equals("traceparent") ? env.traceparent() : key.equals("tracestate") ? env.tracestate() : null;
        }
    };
    private static final TextMapSetter<String[]> HEADERS = (h, key, value) -> {
        if (h == null) return;
        if (key.equals("traceparent")) h[0] = value;
        else if (key.equals("tracestate")) h[1] = value;
    };
    /** Whether any child span is made: {@link #failed} is free without one. */
    private static volatile boolean tracing;

    private final Tracer tracer;
    private final String queue;
    private final String childId;

    ChildTracing(String queue, String childId) {
        this(GlobalOpenTelemetry.get(), queue, childId);
    }

    ChildTracing(OpenTelemetry otel, String queue, String childId) {
        this.tracer = otel.getTracerProvider() == TracerProvider.noop() ? null : otel.getTracer(SCOPE);
        this.queue = queue;
        this.childId = childId;
        if (tracer != null) tracing = true;
    }

    /** Runs one accepted task inside its span; {@code execute} sees the envelope with the span's trace context. */
    boolean run(Decision.Run run, Predicate<Decision.Run> execute) {
        if (tracer == null) return execute.test(run);
        TaskEnvelope env = run.env();
        Context parent = W3C.extract(Context.root(), env, TASK);
        Span span = tracer.spanBuilder(env.task() + " process").setParent(parent).setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "rabbitmq")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.operation.name", "process")
                .setAttribute("messaging.destination.name", "") // the default exchange (semconv for RabbitMQ)
                .setAttribute("messaging.rabbitmq.destination.routing_key", queue)
                .setAttribute("messaging.message.id", env.taskId())
                .setAttribute("warren.attempt", env.attempt())
                .setAttribute("warren.child", childId)
                .startSpan();
        String[] h = new String[2];
        W3C.inject(parent.with(span), h, HEADERS);
        if (span.getSpanContext().isValid()) MDC.put("trace", span.getSpanContext().getTraceId());
        TaskEnvelope traced = env.withTrace(h[0], h[1]);
        try (Scope ignored = span.makeCurrent()) {
            return execute.test(new Decision.Run(traced, run.entry()));
        } finally {
            span.end();
        }
    }

    /** Marks the running task's span failed (called with each error outcome). */
    static void failed(TaskError error) {
        if (!tracing) return;
        Span span = Span.current();
        span.setAttribute("error.type", error.type());
        span.setStatus(StatusCode.ERROR, error.message() == null ? error.type() : error.message());
    }
}
