package dev.warren.bench;

import dev.warren.examples.Examples;
import dev.warren.producer.MapOptions;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.TaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The producer of {@code scripts/cluster-test.sh}: a {@code map} of {@code sleep} tasks through a cluster that
 * loses nodes meanwhile. Broker and queue come from the environment ({@code WARREN_BROKER_URI},
 * {@code WARREN_BROKER_ADDRESSES}, {@code WARREN_QUEUE}), as for any producer.
 *
 * <pre>
 * java -cp warren-bench.jar dev.warren.bench.ClusterRun TASKS TASK_MS IN_FLIGHT DEADLINE_S PROGRESS_FILE
 * </pre>
 * Writes the number of results so far to PROGRESS_FILE every 200 ms (the script schedules its faults on it).
 * Prints {@code cluster-run: results=R failed=F lost=L in_flight=N seconds=S} and exits 0 only when every
 * task ended with its result. A future still open at the deadline counts as lost (exit 1): nothing may hang.
 */
public final class ClusterRun {
    private ClusterRun() {}

    public static void main(String[] args) throws Exception {
        int tasks = Integer.parseInt(args[0]);
        double seconds = Integer.parseInt(args[1]) / 1000.0;
        int inFlight = Integer.parseInt(args[2]);
        long deadlineS = Long.parseLong(args[3]);
        Path progress = Path.of(args[4]);
        AtomicInteger results = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Map<String, Integer> reasons = Collections.synchronizedMap(new TreeMap<>());
        long start = System.nanoTime();
        Thread watch = new Thread(() -> {
            long end = start + deadlineS * 1_000_000_000L;
            while (true) {
                try {
                    writeProgress(progress, results.get() + failed.get());
                    if (System.nanoTime() > end) {
                        report(tasks, results.get(), failed.get(), inFlight, start, reasons, "deadline of " + deadlineS + " s passed");
                        Runtime.getRuntime().halt(1);
                    }
                    Thread.sleep(200);
                } catch (Exception e) {
                    return;
                }
            }
        }, "cluster-run-watch");
        watch.setDaemon(true);
        watch.start();
        List<Double> inputs = new ArrayList<>(Collections.nCopies(tasks, seconds));
        try (TaskExecutor pool = TaskExecutor.connect(ProducerOptions.builder().maxInFlight(inFlight).build())) {
            Iterator<String> it = pool.map(Examples.SLEEP, inputs, MapOptions.builder().maxInFlight(inFlight).build()).iterator();
            for (int i = 0; i < tasks; i++) {
                try {
                    String r = it.next();
                    if (r != null && r.startsWith("slept ")) results.incrementAndGet();
                    else fail(failed, reasons, "unexpected result " + r);
                } catch (RuntimeException e) {
                    // map stops at its first failure (it cancels what is outstanding): the rest never ran
                    fail(failed, reasons, e.getClass().getSimpleName() + ": " + e.getMessage());
                    report(tasks, results.get(), failed.get(), inFlight, start, reasons,
                            "map stopped at input " + i + "; " + (tasks - i - 1) + " inputs not run");
                    Runtime.getRuntime().halt(1);
                }
            }
        }
        writeProgress(progress, results.get() + failed.get());
        report(tasks, results.get(), failed.get(), inFlight, start, reasons, null);
        System.exit(results.get() == tasks ? 0 : 1);
    }

    /**
     * Written aside and moved, so a reader never sees a half-written number. Synchronized: the watch thread and the
     * last write of main share the one file aside (unsynchronized, one of them found it already moved and the run
     * that had every result exited 1 in CI).
     */
    private static synchronized void writeProgress(Path progress, int n) throws java.io.IOException {
        Path tmp = progress.resolveSibling(progress.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(n));
        Files.move(tmp, progress, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void fail(AtomicInteger failed, Map<String, Integer> reasons, String reason) {
        failed.incrementAndGet();
        reasons.merge(reason.length() > 160 ? reason.substring(0, 160) : reason, 1, Integer::sum);
    }

    private static void report(int tasks, int results, int failed, int inFlight, long start, Map<String, Integer> reasons,
                               String why) {
        synchronized (reasons) {
            reasons.forEach((r, n) -> System.out.println("cluster-run: failed x" + n + ": " + r));
        }
        if (why != null) System.out.println("cluster-run: " + why);
        System.out.printf("cluster-run: results=%d failed=%d lost=%d in_flight=%d seconds=%.1f%n", results, failed,
                tasks - results - failed, inFlight, (System.nanoTime() - start) / 1e9);
        System.out.flush();
    }
}
