package dev.warren.cli.demo;

import static dev.warren.examples.Examples.CUBE;
import static dev.warren.examples.Examples.SLEEP;

import dev.warren.common.WorkerInfo;
import dev.warren.producer.MapOptions;
import dev.warren.producer.TaskExecutor;
import dev.warren.producer.TaskResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The first tutorial: {@code submit(cube, i)} for 2..6 and {@code as_completed}, the same with
 * {@code map} (input order), and {@code done()} of a sleeping task before and after it ends.
 */
final class CubesStep {
    private CubesStep() {}

    static Summary.Row run(TaskExecutor pool, Sizes sizes, Console console) throws Exception {
        console.heading("1. cubes: submit() and as_completed()");
        console.line("   Python: futures = [executor.submit(cube, x) for x in range(2, 7)]");
        console.line("           for f in as_completed(futures): print(f.result())");
        long t0 = System.nanoTime();
        List<CompletableFuture<TaskResult<Integer>>> futures = new ArrayList<>();
        Map<CompletableFuture<TaskResult<Integer>>, Integer> inputs = new IdentityHashMap<>();
        for (int x = 2; x <= 6; x++) {
            CompletableFuture<TaskResult<Integer>> f = pool.submitForResult(CUBE, x, sizes.taskTimeout());
            futures.add(f);
            inputs.put(f, x);
        }
        List<Integer> completed = new ArrayList<>();
        for (CompletableFuture<TaskResult<Integer>> f : TaskExecutor.asCompleted(futures)) {
            TaskResult<Integer> r = f.get();
            completed.add(inputs.get(f));
            console.line("   cube(%d) = %-4d ran on %s", inputs.get(f), r.value(), where(r.worker()));
        }
        console.line("   completion order: %s (as_completed yields whichever finishes first)", completed);

        List<Integer> mapped = pool.map(CUBE, List.of(2, 3, 4, 5, 6), MapOptions.builder().timeout(sizes.taskTimeout()).build())
                .toList();
        console.line("   map(cube, 2..6) = %s (Pool.map: input order)", mapped);
        if (!mapped.equals(List.of(8, 27, 64, 125, 216))) throw new DemoException("map(cube, 2..6) returned " + mapped);

        console.line("");
        console.line("   Python: future = executor.submit(sleep, %s); print(future.done()) ... print(future.done())", sizes.sleepSeconds());
        CompletableFuture<String> sleeping = pool.submit(SLEEP, sizes.sleepSeconds(), sizes.taskTimeout());
        boolean before = sleeping.isDone();
        console.line("   right after submit: done() = %s", before);
        String result = sleeping.get(sizes.taskTimeout().toMillis(), TimeUnit.MILLISECONDS);
        boolean after = sleeping.isDone();
        console.line("   after get():        done() = %s -> \"%s\"", after, result);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        return new Summary.Row("cubes, map, done()", 11, took, "8 27 64 125 216; done() " + before + " then " + after);
    }

    static String where(WorkerInfo w) {
        if (w == null) return "?";
        return (w.child() == null ? "?" : w.child()) + " pid " + w.pid();
    }
}
