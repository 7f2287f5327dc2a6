package dev.warren.producer;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;
import java.util.function.Supplier;

/**
 * The PRODUCER span of each task, {@code <task> publish}, with the OpenTelemetry messaging attributes for
 * RabbitMQ; its context goes out as the task's W3C {@code traceparent} and {@code tracestate} (always W3C: the
 * protocol's headers, whatever propagators the application configured). Loaded only when the OpenTelemetry API
 * is on the class path ({@link ProducerTelemetry#OTEL_API}).
 *
 * <p>Without an SDK the API is a no-op that still propagates: a caller inside a trace has its context carried to
 * the worker unchanged, a caller outside one sends no {@code traceparent}.
 */
final class OtelTracing implements ProducerTelemetry.Tracing {
    static final String SCOPE = "dev.warren.producer";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapSetter<String[]> HEADERS = (h, key, value) -> {
        if (h == null) return;
        if (key.equals("traceparent")) h[0] = value;
        else if (key.equals("tracestate")) h[1] = value;
    };
    /** Reads a caller's {@code traceparent} from {@link ProducerOptions#traceContext()}. */
    private static final TextMapGetter<String> CALLER = new TextMapGetter<>() {
        @Override public Iterable<String> keys(String carrier) { return List.of("traceparent"); }
        @Override public String get(String carrier, String key) { return "traceparent".equals(key) ? carrier : null; }
    };

    /** The application's instance; null = {@link GlobalOpenTelemetry}, looked up until something sets it. */
    private final OpenTelemetry given;
    private volatile Tracer tracer;
    private final Supplier<String> caller;
    private final String queue;

    private OtelTracing(OpenTelemetry given, Supplier<String> caller, String queue) {
        this.given = given;
        this.caller = caller;
        this.queue = queue;
        this.tracer = given == null ? null : given.getTracer(SCOPE, dev.warren.common.internal.WarrenVersion.get());
    }

    static OtelTracing create(Object openTelemetry, Supplier<String> caller, String queue) {
        return new OtelTracing((OpenTelemetry) openTelemetry, caller, queue);
    }

    @Override public ProducerTelemetry.Started start(String task, String taskId, long startNanos) {
        Context parent = parent();
        Span span = tracer().spanBuilder(task + " publish").setParent(parent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "rabbitmq")
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.operation.name", "publish")
                .setAttribute("messaging.destination.name", "") // the default exchange (semconv for RabbitMQ)
                .setAttribute("messaging.rabbitmq.destination.routing_key", queue)
                .setAttribute("messaging.message.id", taskId)
                .startSpan();
        String[] h = new String[2];
        W3C.inject(parent.with(span), h, HEADERS);
        return new ProducerTelemetry.Started(h[0], h[1], span.isRecording() ? span::end : null, startNanos);
    }

    private Context parent() {
        if (caller == null) return Context.current();
        String tp = caller.get();
        return Trace.valid(tp) ? W3C.extract(Context.root(), tp, CALLER) : Context.current();
    }

    private Tracer tracer() {
        Tracer t = tracer;
        if (t != null) return t;
        OpenTelemetry global = global();
        if (global == null) return OpenTelemetry.noop().getTracer(SCOPE); // propagates only, until one is set
        t = global.getTracer(SCOPE, dev.warren.common.internal.WarrenVersion.get());
        tracer = t;
        return t;
    }

    /** The global instance once set; never sets it (a library must not: the application's later set would fail). */
    private static OpenTelemetry global() {
        try {
            return GlobalOpenTelemetry.isSet() ? GlobalOpenTelemetry.get() : null;
        } catch (NoSuchMethodError olderApi) {
            return GlobalOpenTelemetry.get(); // an API before isSet(): the global as it always was looked up
        }
    }
}
