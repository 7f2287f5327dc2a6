package dev.warren.cli.demo;

import static dev.warren.examples.Examples.COUNTDOWN;

import dev.warren.examples.Countdown;
import dev.warren.producer.TaskExecutor;
import dev.warren.producer.TaskResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The CPU-bound tutorial: the countdown of 8,000,000 and 7,000,000, then a larger set on 1 child, on
 * N children and on N threads of this JVM ({@link Countdown}, the task's own loop), side by side.
 */
final class CountdownStep {
    private CountdownStep() {}

    /** One way of running the set: wall time, and the sum of the tasks' own compute times. */
    record Run(String where, long wallMs, long computeMs) {}

    static Summary.Row run(TaskExecutor pool, TaskExecutor single, int children, Sizes sizes, Console console) throws Exception {
        console.heading("2. CPU-bound countdown: 1 child vs " + children + " children vs " + children + " threads");
        console.line("   Python: def countdown(n): while n > 0: n -= 1   # one interpreted loop step per count");
        long t0 = System.nanoTime();
        for (long n : Sizes.TUTORIAL_COUNTDOWN) {
            long s = System.nanoTime();
            TaskResult<Long> r = pool.submitForResult(COUNTDOWN, n, sizes.taskTimeout()).get();
            console.line("   countdown(%,d): %d ms of compute in %s, %d ms with the broker round trip; this JVM: %d ms",
                    n, r.value(), CubesStep.where(r.worker()), (System.nanoTime() - s) / 1_000_000, countdown(n));
        }
        console.line("   (CPython needs roughly half a second for each; a JIT-compiled loop needs a few ms, so here");
        console.line("    the round trip through the broker costs as much as the work. Hence a larger set:)");

        int tasks = sizes.countdownTasks();
        long n = sizes.bigCountdown();
        console.line("");
        console.line("   %d tasks of countdown(%,d):", tasks, n);
        List<Run> runs = new ArrayList<>();
        try (Console.Progress bar = console.progress(3L * tasks)) {
            runs.add(remote("1 child", single, tasks, n, sizes, bar));
            runs.add(remote(children + " children", pool, tasks, n, sizes, bar));
            runs.add(local(children + " threads, this JVM", children, tasks, n, bar));
        }
        console.line("   %-24s %10s %18s %10s", "where", "wall time", "sum of task times", "speed-up");
        long base = runs.get(0).wallMs();
        for (Run r : runs) {
            console.line("   %-24s %7d ms %15d ms %9.1fx", r.where(), r.wallMs(), r.computeMs(),
                    base / (double) Math.max(1, r.wallMs()));
        }
        long childrenMs = Math.max(1, runs.get(1).wallMs());
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        console.line("   What this shows: %d children finished the set %.1fx as fast as 1 child (this machine has %d cores%s).",
                children, base / (double) childrenMs, Runtime.getRuntime().availableProcessors(),
                load < 0 ? "" : String.format(Locale.ROOT, ", load average %.1f", load));
        console.line("   In Java, unlike CPython with its GIL, threads run in parallel too: %d threads in this JVM took",
                children);
        console.line("   %d ms against %d ms for %d children, with no broker round trip, no JSON and no extra JVM (each",
                runs.get(2).wallMs(), childrenMs, children);
        console.line("   child is a whole JVM with its own memory, and runs a C1-only JIT for quick start-up). Processes");
        console.line("   buy isolation - a crash, leak or runaway task costs one child, never the service - and a pool");
        console.line("   that can span machines; not speed on one machine. Timings vary with the machine's load.");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        return new Summary.Row("countdown", 2 + 2 * tasks, took, String.format(Locale.ROOT,
                "wall: 1 child %d ms, %d children %d ms, %d threads %d ms",
                runs.get(0).wallMs(), children, runs.get(1).wallMs(), children, runs.get(2).wallMs()));
    }

    private static Run remote(String where, TaskExecutor pool, int tasks, long n, Sizes sizes, Console.Progress bar)
            throws Exception {
        long s = System.nanoTime();
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < tasks; i++) futures.add(pool.submit(COUNTDOWN, n, sizes.taskTimeout()).whenComplete((v, e) -> bar.step()));
        long compute = 0;
        for (CompletableFuture<Long> f : futures) compute += f.get();
        return new Run(where, (System.nanoTime() - s) / 1_000_000, compute);
    }

    private static Run local(String where, int threads, int tasks, long n, Console.Progress bar) throws Exception {
        ExecutorService ex = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "warren-demo-countdown");
            t.setDaemon(true);
            return t;
        });
        try {
            long s = System.nanoTime();
            List<Future<Long>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                futures.add(ex.submit(() -> {
                    long ms = countdown(n);
                    bar.step();
                    return ms;
                }));
            }
            long compute = 0;
            for (Future<Long> f : futures) compute += f.get();
            return new Run(where, (System.nanoTime() - s) / 1_000_000, compute);
        } finally {
            ex.shutdownNow();
            ex.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** The countdown task's own loop ({@link Countdown}), here in this JVM; returns elapsed milliseconds. */
    static long countdown(long n) throws InterruptedException {
        return Countdown.run(n);
    }
}
