package dev.warren.producer;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A producer's optional telemetry, two hooks on the per-task path ({@link Submitter}): {@link #start} before the
 * envelope is built (the task's trace context) and {@link #published} once the message went to the broker.
 *
 * <ul>
 *   <li>Traces: a PRODUCER span per task ({@link OtelTracing}) when the OpenTelemetry API is on the class path,
 *       parented by {@link ProducerOptions#traceContext()} when set, else by the caller's current context.
 *       Without the API a task carries the caller's {@code traceparent} from {@code traceContext}, or none:
 *       never a made-up one (docs/protocol.md, section 8).</li>
 *   <li>Metrics: {@link ProducerMetrics} when the options name a Micrometer registry.</li>
 * </ul>
 *
 * <p>warren-producer's dependencies on OpenTelemetry and Micrometer are optional: this class never links to
 * them; it checks with {@link Class#forName} before touching a class that does. Thread-safe.
 */
final class ProducerTelemetry {
    static final boolean OTEL_API = present("io.opentelemetry.api.OpenTelemetry");
    static final boolean MICROMETER = present("io.micrometer.core.instrument.MeterRegistry");

    /** One task's telemetry: the headers its envelope carries, its span and when it started. */
    static final class Started {
        static final Started NONE = new Started(null, null, null, 0);
        final String traceparent;
        final String tracestate;
        private final Runnable endSpan;
        private final long startNanos;

        Started(String traceparent, String tracestate, Runnable endSpan, long startNanos) {
            this.traceparent = traceparent;
            this.tracestate = tracestate;
            this.endSpan = endSpan;
            this.startNanos = startNanos;
        }
    }

    /** Starts a task's span; the implementation links to the OpenTelemetry API. */
    interface Tracing { Started start(String task, String taskId, long startNanos); }

    /** Counts a published task and watches its future; the implementation links to Micrometer. */
    interface Metrics { void published(String task, CompletableFuture<?> future, long startNanos); }

    private final Tracing tracing;
    private final Metrics metrics;
    private final Supplier<String> caller;

    ProducerTelemetry(Tracing tracing, Metrics metrics, Supplier<String> caller) {
        this.tracing = tracing;
        this.metrics = metrics;
        this.caller = caller;
    }

    /** The telemetry the options ask for and the class path allows. */
    static ProducerTelemetry of(ProducerOptions o) {
        Supplier<String> caller = o.traceContext().orElse(null);
        Tracing tracing = OTEL_API ? OtelTracing.create(o.openTelemetry().orElse(null), caller, o.queue()) : null;
        Metrics metrics = o.meterRegistry().isPresent() ? ProducerMetrics.create(o.meterRegistry().get(), o.queue()) : null;
        return new ProducerTelemetry(tracing, metrics, caller);
    }

    /** Before the envelope: the task's trace context (and span). */
    Started start(String task, String taskId) {
        long t0 = metrics == null ? 0 : System.nanoTime();
        if (tracing != null) return tracing.start(task, taskId, t0);
        String tp = caller == null ? null : caller.get();
        if (!Trace.valid(tp)) return metrics == null ? Started.NONE : new Started(null, null, null, t0);
        return new Started(tp, null, null, t0);
    }

    /** After the publish: ends the task's span and counts it until its future completes. */
    void published(Started s, String task, CompletableFuture<?> future) {
        if (s.endSpan != null) s.endSpan.run();
        if (metrics != null) metrics.published(task, future, s.startNanos);
    }

    static boolean present(String className) {
        try {
            Class.forName(className, false, ProducerTelemetry.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
