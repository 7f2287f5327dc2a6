package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.BrokerSettings;
import dev.warren.examples.Examples;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.TaskExecutor;
import dev.warren.producer.TaskResult;
import dev.warren.testing.TestBroker;
import dev.warren.testing.WorkerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The compose topology without containers (scripts/local-cluster.sh): supervisors as separate
 * processes on one broker. Under load a third supervisor joins and one is stopped with SIGTERM:
 * no task is lost and the work spreads across every supervisor.
 */
class LocalClusterIT {
    static final int TASKS = 400;

    @Test void aSupervisorJoinsAndAnotherDrainsUnderLoadWithNothingLost() throws Exception {
        String queue = TestBroker.uniqueQueue("cluster-it");
        Map<String, String> env = Map.of("WARREN_BROKER_URI", TestBroker.get().uri(), "WARREN_QUEUE", queue,
                "WARREN_CHILDREN", "2");
        List<WorkerProcess> all = new ArrayList<>();
        Map<Long, Integer> childOf = new ConcurrentHashMap<>(); // child pid -> supervisor index
        try (TaskExecutor pool = TaskExecutor.connect(ProducerOptions.builder()
                .broker(BrokerSettings.of(TestBroker.get().uri())).queue(queue).build())) {
            all.add(WorkerProcess.builder().env(env).launch()); // both start at once; the finally closes them
            all.add(WorkerProcess.builder().env(env).launch());
            for (WorkerProcess s : all) ready(s);
            List<CompletableFuture<TaskResult<String>>> futures = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) futures.add(pool.submitForResult(Examples.SLEEP, 0.1, null));
            waitFor(() -> done(futures) >= TASKS / 10, all, childOf);
            all.add(ready(WorkerProcess.builder().env(env).launch()));              // scale out under load
            waitFor(() -> done(futures) >= TASKS * 6 / 10, all, childOf);
            WorkerProcess leaving = all.get(0);
            leaving.sigterm();                                          // SIGTERM: drain
            assertThat(leaving.awaitExit(java.time.Duration.ofSeconds(90))).hasValue(0);
            waitFor(() -> done(futures) == TASKS, all, childOf);

            Set<Integer> supervisorsThatWorked = ConcurrentHashMap.newKeySet();
            for (CompletableFuture<TaskResult<String>> f : futures) {
                TaskResult<String> r = f.get(1, TimeUnit.MINUTES);     // every future has its result
                assertThat(r.value()).startsWith("slept 0.1 s");
                Integer s = childOf.get(r.worker().pid());
                if (s != null) supervisorsThatWorked.add(s);
            }
            assertThat(supervisorsThatWorked).as("supervisors whose children ran tasks").containsExactlyInAnyOrder(0, 1, 2);
        } finally {
            for (WorkerProcess s : all) s.close();
            TestBroker.get().deleteTaskQueue(queue);
        }
    }

    static int done(List<? extends CompletableFuture<?>> fs) {
        return (int) fs.stream().filter(CompletableFuture::isDone).count();
    }

    /** Waits for the condition, recording meanwhile which supervisor each child pid belongs to. */
    static void waitFor(java.util.function.BooleanSupplier condition, List<WorkerProcess> all, Map<Long, Integer> childOf)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.getAsBoolean()) {
            for (int i = 0; i < all.size(); i++) for (long pid : all.get(i).childPids()) childOf.putIfAbsent(pid, i);
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting; children seen: " + childOf);
            TimeUnit.MILLISECONDS.sleep(20);
        }
        for (int i = 0; i < all.size(); i++) for (long pid : all.get(i).childPids()) childOf.putIfAbsent(pid, i);
    }

    static WorkerProcess ready(WorkerProcess s) throws Exception {
        return s.awaitReady(java.time.Duration.ofSeconds(90));
    }
}
