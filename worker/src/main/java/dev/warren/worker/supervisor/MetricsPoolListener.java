package dev.warren.worker.supervisor;

import dev.warren.worker.Task;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool's Prometheus metrics, fed by child events:
 * {@code warren_tasks_completed_total{task}}, {@code warren_tasks_failed_total{task,error}},
 * {@code warren_task_duration_seconds{task}} (histogram), {@code warren_tasks_in_flight},
 * {@code warren_children_alive}, {@code warren_child_restarts_total{cause}} and
 * {@code warren_dead_lettered_total{reason}}.
 */
@Singleton
final class MetricsPoolListener implements PoolListener {
    private final MeterRegistry registry;
    private final AtomicInteger alive = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    // meters cached per tag value: registering on every event cost more than the task itself for tiny tasks
    private final Map<String, Counter> completed = new ConcurrentHashMap<>();
    private final Map<String, Counter> failed = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();

    MetricsPoolListener(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("warren.children.alive", alive, AtomicInteger::get)
                .description("Child JVMs running").register(registry);
        Gauge.builder("warren.tasks.in.flight", inFlight, AtomicInteger::get)
                .description("Tasks the children are running").register(registry);
    }

    @Override
    public void childStarted(String childId, long pid) { alive.incrementAndGet(); }

    @Override
    public void taskStarted(String childId, long pid, ChildProcessEvent e) { inFlight.incrementAndGet(); }

    @Override
    public void taskEnded(String childId, long pid, ChildProcessEvent e) {
        inFlight.updateAndGet(n -> Math.max(0, n - 1));
        String task = e.task() == null ? "unknown" : e.task();
        if (e.ok()) {
            completed.computeIfAbsent(task, t -> Counter.builder("warren.tasks.completed")
                    .description("Tasks that ended with a result").tag("task", t).register(registry)).increment();
        } else {
            String error = e.error() == null ? "unknown" : e.error();
            failed.computeIfAbsent(task + '\0' + error, k -> Counter.builder("warren.tasks.failed")
                    .description("Tasks that ended with an error reply").tag("task", task).tag("error", error)
                    .register(registry)).increment();
        }
        durations.computeIfAbsent(task, t -> Timer.builder("warren.task.duration").description("Task run time in the child")
                .tag("task", t).publishPercentileHistogram().register(registry))
                .record(Duration.ofMillis(Math.max(0, e.ms())));
    }

    @Override
    public void deadLettered(String childId, long pid, ChildProcessEvent e) {
        Counter.builder("warren.dead.lettered").description("Messages the children dead-lettered")
                .tag("reason", e.reason() == null ? "unknown" : e.reason()).register(registry).increment();
    }

    @Override
    public void childExited(PoolExit exit) {
        alive.updateAndGet(n -> Math.max(0, n - 1));
        if (exit.taskId() != null) inFlight.updateAndGet(n -> Math.max(0, n - 1));
        if (exit.restarted() || exit.cause() == PoolExitCause.RECYCLE) {
            Counter.builder("warren.child.restarts").description("Children that ended and were replaced, by cause")
                    .tag("cause", exit.cause().tag()).register(registry).increment();
        }
    }
}
