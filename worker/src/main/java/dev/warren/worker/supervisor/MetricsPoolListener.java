package dev.warren.worker.supervisor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The pool's Prometheus metrics, fed by the children's reports (docs/operations.md lists them):
 * {@code warren_tasks_completed_total{task}}, {@code warren_tasks_failed_total{task,error}},
 * {@code warren_task_duration_seconds{task}} and {@code warren_task_queue_wait_seconds{task}} (histograms whose
 * buckets are {@link TaskBuckets}'), {@code warren_tasks_in_flight}, {@code warren_children_alive},
 * {@code warren_child_restarts_total{cause}} and {@code warren_dead_lettered_total{reason}}.
 *
 * <p>A child with a slot counts its own tasks into buckets and reports once a second ({@link ChildTaskStats});
 * each bucket is recorded here as its count of values at the bucket's mean, so counts, sums and bucket placement
 * are exact and the supervisor reads no line per task. (A child without a slot reports each task's end.)
 */
@Singleton
final class MetricsPoolListener implements PoolListener {
    private final MeterRegistry registry;
    private final AtomicInteger alive = new AtomicInteger();
    private final AtomicInteger inFlightLines = new AtomicInteger();
    private volatile Supplier<List<PoolChildView>> snapshot = List::of;
    private volatile long[] runBoundsMs = TaskBuckets.run(null, null, 0);
    // meters cached per tag value: registering on every event cost more than the task itself for tiny tasks
    private final Map<String, Counter> completed = new ConcurrentHashMap<>();
    private final Map<String, Counter> failed = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final Map<String, Timer> queueWaits = new ConcurrentHashMap<>();

    MetricsPoolListener(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("warren.children.alive", alive, AtomicInteger::get)
                .description("Child JVMs running").register(registry);
        Gauge.builder("warren.tasks.in.flight", this, MetricsPoolListener::inFlight)
                .description("Tasks the children are running").register(registry);
    }

    /** Where the pool's children can be looked up (their slots say what they run). */
    void attach(Supplier<List<PoolChildView>> poolSnapshot) { this.snapshot = poolSnapshot; }

    /** The run-time buckets the children fill; set before the pool starts. */
    void buckets(long[] boundsMs) { this.runBoundsMs = boundsMs.clone(); }

    private double inFlight() {
        long n = snapshot.get().stream().filter(v -> v.currentTaskId() != null).count();
        return Math.max(n, inFlightLines.get());
    }

    @Override
    public void childStarted(String childId, long pid) { alive.incrementAndGet(); }

    @Override
    public void tasksReported(String childId, long pid, ChildTaskStats stats) {
        for (Map.Entry<String, ChildTaskStats.PerTask> e : stats.tasks().entrySet()) {
            String task = e.getKey();
            ChildTaskStats.PerTask t = e.getValue();
            if (t.ok() > 0) completed(task).increment(t.ok());
            t.failed().forEach((error, n) -> failed(task, error).increment(n));
            replay(duration(task), t.run(), t.runSumMs());
            replay(queueWait(task), t.queue(), t.queueSumMs());
        }
    }

    @Override
    public void taskStarted(String childId, long pid, ChildProcessEvent e) { inFlightLines.incrementAndGet(); }

    @Override
    public void taskEnded(String childId, long pid, ChildProcessEvent e) {
        inFlightLines.updateAndGet(n -> Math.max(0, n - 1));
        String task = e.task() == null ? "unknown" : e.task();
        if (e.ok()) completed(task).increment();
        else failed(task, e.error() == null ? "unknown" : e.error()).increment();
        duration(task).record(Duration.ofMillis(Math.max(0, e.ms())));
    }

    @Override
    public void deadLettered(String childId, long pid, ChildProcessEvent e) {
        Counter.builder("warren.dead.lettered").description("Messages the children dead-lettered")
                .tag("reason", e.reason() == null ? "unknown" : e.reason()).register(registry).increment();
    }

    @Override
    public void childExited(PoolExit exit) {
        alive.updateAndGet(n -> Math.max(0, n - 1));
        if (exit.taskId() != null) inFlightLines.updateAndGet(n -> Math.max(0, n - 1));
        if (exit.restarted() || exit.cause() == PoolExitCause.RECYCLE) {
            Counter.builder("warren.child.restarts").description("Children that ended and were replaced, by cause")
                    .tag("cause", exit.cause().tag()).register(registry).increment();
        }
    }

    /** Each bucket's values, recorded at their mean (which lies in the bucket): exact count, sum and placement. */
    private static void replay(Timer timer, long[] counts, long[] sumsMs) {
        for (int i = 0; i < counts.length && i < sumsMs.length; i++) {
            long n = counts[i];
            if (n <= 0) continue;
            long each = sumsMs[i] * 1000 / n, rest = sumsMs[i] * 1000 - each * n; // microseconds
            for (long k = 0; k < n; k++) timer.record(each + (k < rest ? 1 : 0), TimeUnit.MICROSECONDS);
        }
    }

    private Counter completed(String task) {
        return completed.computeIfAbsent(task, t -> Counter.builder("warren.tasks.completed")
                .description("Tasks that ended with a result").tag("task", t).register(registry));
    }

    private Counter failed(String task, String error) {
        return failed.computeIfAbsent(task + '\0' + error, k -> Counter.builder("warren.tasks.failed")
                .description("Tasks that ended with an error reply").tag("task", task).tag("error", error)
                .register(registry));
    }

    private Timer duration(String task) {
        return durations.computeIfAbsent(task, t -> Timer.builder("warren.task.duration")
                .description("Task run time in the child").tag("task", t)
                .serviceLevelObjectives(slos(runBoundsMs)).register(registry));
    }

    private Timer queueWait(String task) {
        return queueWaits.computeIfAbsent(task, t -> Timer.builder("warren.task.queue.wait")
                .description("Time from a task's publication (its AMQP timestamp, whole seconds) to its start")
                .tag("task", t).serviceLevelObjectives(slos(TaskBuckets.QUEUE_MS)).register(registry));
    }

    private static Duration[] slos(long[] boundsMs) {
        Duration[] d = new Duration[boundsMs.length];
        for (int i = 0; i < d.length; i++) d[i] = Duration.ofMillis(boundsMs[i]);
        return d;
    }
}
