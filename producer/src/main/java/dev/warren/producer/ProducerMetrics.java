package dev.warren.producer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A producer's Micrometer meters (docs/operations.md lists them with their Prometheus names), each tagged with the
 * task queue: {@code warren.producer.tasks.submitted{task}}, {@code warren.producer.tasks.completed{task,outcome}}
 * (outcome {@code ok}, {@code error}, {@code timeout}, {@code cancelled}), {@code warren.producer.task.round.trip}
 * {@code {task,outcome}} (submit to completion, a histogram), {@code warren.producer.tasks.in.flight} and
 * {@code warren.build.info{component=producer,version,java.version}}. Loaded only when the options name a
 * registry ({@link ProducerTelemetry#MICROMETER}). Thread-safe.
 */
final class ProducerMetrics implements ProducerTelemetry.Metrics {
    /** The round-trip histogram's buckets: from a fast no-op task to the half hour a slow one may take. */
    static final Duration[] ROUND_TRIP_BUCKETS = {ms(1), ms(2), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250),
            ms(500), ms(1000), ms(2500), ms(5000), ms(10_000), ms(30_000), ms(60_000), ms(120_000), ms(300_000),
            ms(600_000), ms(1_800_000)};
    static final String[] OUTCOMES = {"ok", "error", "timeout", "cancelled"};

    /** In flight per registry and queue: executors on the same queue share the gauge, which adds them up. */
    private static final Map<MeterRegistry, Map<String, AtomicInteger>> IN_FLIGHT = new WeakHashMap<>();

    private final MeterRegistry registry;
    private final String queue;
    private final AtomicInteger inFlight;
    private final Map<String, PerTask> tasks = new ConcurrentHashMap<>();

    private ProducerMetrics(MeterRegistry registry, String queue) {
        this.registry = registry;
        this.queue = queue;
        this.inFlight = inFlight(registry, queue);
        Gauge.builder("warren.build.info", () -> 1).description("The warren version and the Java version it runs on")
                .tag("component", "producer").tag("version", dev.warren.common.internal.WarrenVersion.get())
                .tag("java.version", System.getProperty("java.version")).strongReference(true).register(registry);
    }

    static ProducerMetrics create(Object registry, String queue) {
        return new ProducerMetrics((MeterRegistry) registry, queue);
    }

    private static AtomicInteger inFlight(MeterRegistry registry, String queue) {
        synchronized (IN_FLIGHT) {
            return IN_FLIGHT.computeIfAbsent(registry, r -> new ConcurrentHashMap<>()).computeIfAbsent(queue, q -> {
                AtomicInteger n = new AtomicInteger();
                Gauge.builder("warren.producer.tasks.in.flight", n, AtomicInteger::get)
                        .description("Tasks published and not yet completed").tag("queue", q).strongReference(true)
                        .register(registry);
                return n;
            });
        }
    }

    @Override public void published(String task, CompletableFuture<?> future, long startNanos) {
        PerTask m = tasks.computeIfAbsent(task, PerTask::new);
        m.submitted.increment();
        inFlight.incrementAndGet();
        future.whenComplete((v, e) -> {
            inFlight.decrementAndGet();
            int o = outcome(e);
            m.completed[o].increment();
            m.roundTrip[o].record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        });
    }

    /** The index in {@link #OUTCOMES} of a future's end. */
    static int outcome(Throwable e) {
        if (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
        if (e == null) return 0;
        if (e instanceof TimeoutException) return 2;
        if (e instanceof CancellationException) return 3;
        return 1;
    }

    /** One task name's meters, registered once: looking a meter up per task would cost more than the task. */
    private final class PerTask {
        final Counter submitted;
        final Counter[] completed = new Counter[OUTCOMES.length];
        final Timer[] roundTrip = new Timer[OUTCOMES.length];

        PerTask(String task) {
            submitted = Counter.builder("warren.producer.tasks.submitted").description("Tasks published")
                    .tag("queue", queue).tag("task", task).register(registry);
            for (int i = 0; i < OUTCOMES.length; i++) {
                completed[i] = Counter.builder("warren.producer.tasks.completed")
                        .description("Tasks whose future completed, by outcome")
                        .tag("queue", queue).tag("task", task).tag("outcome", OUTCOMES[i]).register(registry);
                roundTrip[i] = Timer.builder("warren.producer.task.round.trip")
                        .description("From submit to the future's completion, by outcome")
                        .tag("queue", queue).tag("task", task).tag("outcome", OUTCOMES[i])
                        .serviceLevelObjectives(ROUND_TRIP_BUCKETS).register(registry);
            }
        }
    }

    private static Duration ms(long n) { return Duration.ofMillis(n); }
}
