package dev.warren.worker.supervisor;

import dev.warren.worker.child.TestTasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.warren.common.Protocol;
import dev.warren.examples.Examples;
import dev.warren.producer.BrokerUnavailableException;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.RemoteTaskException;
import dev.warren.producer.TaskExecutor;
import dev.warren.producer.TaskResult;
import dev.warren.testing.ChaosBroker;
import dev.warren.testing.TestBroker;
import dev.warren.testing.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * warren across broker faults made with the chaos kit ({@link ChaosBroker}: a RabbitMQ container, so these run
 * where a Docker engine or podman's service answers and are skipped elsewhere). Each test: a supervisor with two
 * children and a producer (heartbeat 2 s) on a quorum queue, {@value #TASKS} persistent tasks, half submitted
 * before the fault and half while it lasts. Every future must end with its result or a clear error, and none may
 * be lost. The figures (completed, lost, duplicates, time to recover) are printed as a table row for
 * docs/reliability.md. The supervisor and children keep the default heartbeat (10 s).
 *
 * <p>{@code bash scripts/testcontainers-stage.sh} runs them on podman; with Docker:
 * {@code mvn -pl worker verify -Dit.test=ChaosIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a wedged producer fails, not hangs
class ChaosIT {
    static final int TASKS = Integer.getInteger("warren.chaos.tasks", 300);
    static final int TASK_MS = 20;
    static final int CHILDREN = 2;
    static final Duration ALL_END_WITHIN = Duration.ofMinutes(3);
    static final List<String> ROWS = new ArrayList<>();

    @RegisterExtension static final ChaosBroker broker = ChaosBroker.create();

    @Test void tasksOfAProducerAndTwoChildrenAllEndAcrossATenSecondNetworkPartition() throws Exception {
        run("network partition, 10 s", () -> broker.partition(Duration.ofSeconds(10)));
    }

    @Test void tasksUnderLoadAllEndWhenTheBrokerIsKilledWithSigkillAndRestarted() throws Exception {
        run("broker SIGKILLed and restarted", broker::killAndRestart);
    }

    @Test void tasksAllEndWhenTheBrokerIsFrozenForLongerThanTheHeartbeat() throws Exception {
        run("broker frozen 12 s (heartbeat: producer 2 s, workers 10 s)", () -> broker.freeze(Duration.ofSeconds(12)));
    }

    /** The README's example of the kit, as a user would write it (the class's broker is the user's {@code broker}). */
    @Test void everyTaskEndsWhenTheBrokerIsKilled() throws Exception {
        String q = TestBroker.uniqueQueue("chaos.readme");
        try (WorkerProcess worker = WorkerProcess.builder(broker.uri()).queue(q).children(2).start();
             TaskExecutor pool = TaskExecutor.connect(ProducerOptions.builder().uri(broker.uri()).queue(q).build())) {
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) futures.add(pool.submit(Examples.SLEEP, 0.05));
            broker.killAndRestart();
            for (int i = 0; i < 50; i++) futures.add(pool.submit(Examples.SLEEP, 0.05));
            assertThat(futures).allSatisfy(f -> assertThat(f).succeedsWithin(Duration.ofMinutes(2)));
        } finally {
            deleteQueue(q);
        }
    }

    @AfterAll static void printTable() {
        System.out.println("chaos figures (" + TASKS + " tasks of " + TASK_MS + " ms, " + CHILDREN + " children, quorum queue,"
                + " persistent messages):\n| fault | tasks | completed | failed | lost | duplicates (attempts > 1)"
                + " | executions beyond the first | time to recover | all done after |\n|---|---|---|---|---|---|---|---|---|");
        ROWS.forEach(System.out::println);
    }

    /** Load, fault, wait, count, assert. */
    void run(String fault, Runnable injectFault) throws Exception {
        String queue = TestBroker.uniqueQueue("chaos");
        Path executions = Files.createTempFile("warren-chaos-executions-", ".log");
        List<CompletableFuture<TaskResult<Integer>>> futures = new ArrayList<>();
        ConcurrentLinkedQueue<Long> completedAt = new ConcurrentLinkedQueue<>();
        AtomicInteger done = new AtomicInteger();
        ProducerOptions options = ProducerOptions.builder()
                .broker(broker.settings().withHeartbeat(Duration.ofSeconds(2)))
                .queue(queue).brokerLossTimeout(Duration.ofMinutes(2)).build();
        long faultEnded;
        try (WorkerProcess worker = WorkerProcess.builder(broker.uri()).queue(queue).children(CHILDREN)
                     .env("WARREN_FAULT_LOG", executions.toString()).start();
             TaskExecutor pool = TaskExecutor.connect(options)) {
            for (int i = 0; i < TASKS / 2; i++) futures.add(track(pool.submitForResult(TestTasks.RECORDED, TASK_MS, null), completedAt, done));
            await().atMost(Duration.ofMinutes(1)).until(() -> done.get() >= TASKS / 8);
            CompletableFuture<Void> faultDone = CompletableFuture.runAsync(injectFault);
            for (int i = TASKS / 2; i < TASKS; i++) futures.add(track(pool.submitForResult(TestTasks.RECORDED, TASK_MS, null), completedAt, done));
            faultDone.get(2, TimeUnit.MINUTES);
            faultEnded = System.nanoTime();
            try {
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).handle((r, e) -> null)
                        .get(ALL_END_WITHIN.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                System.out.println("chaos: not every future ended within " + ALL_END_WITHIN + "; worker output:\n" + worker.output());
            }
            deleteQueue(queue);
        }
        try {
            check(fault, futures, Files.readAllLines(executions), completedAt, faultEnded);
        } finally {
            Files.deleteIfExists(executions);
        }
    }

    static CompletableFuture<TaskResult<Integer>> track(CompletableFuture<TaskResult<Integer>> f, ConcurrentLinkedQueue<Long> at,
                                                        AtomicInteger done) {
        f.whenComplete((r, e) -> {
            at.add(System.nanoTime());
            done.incrementAndGet();
        });
        return f;
    }

    static void check(String fault, List<CompletableFuture<TaskResult<Integer>>> futures, List<String> executions,
                      ConcurrentLinkedQueue<Long> completedAt, long faultEnded) {
        int ok = 0;
        int lost = 0;
        int duplicates = 0;
        Map<String, Integer> failures = new TreeMap<>();
        Set<String> completedIds = new HashSet<>();
        for (CompletableFuture<TaskResult<Integer>> f : futures) {
            if (!f.isDone()) {
                lost++;
            } else if (f.isCompletedExceptionally()) {
                failures.merge(reason(f), 1, Integer::sum);
            } else {
                TaskResult<Integer> r = f.join();
                assertThat(r.value()).as("the task's own result").isEqualTo(TASK_MS);
                ok++;
                completedIds.add(r.taskId());
                if (r.attempts() > 1) duplicates++;
            }
        }
        long beyondFirst = executions.size() - new HashSet<>(executions).size();
        long firstAfter = completedAt.stream().filter(t -> t >= faultEnded).mapToLong(t -> t).min().orElse(-1);
        long lastAfter = completedAt.stream().filter(t -> t >= faultEnded).mapToLong(t -> t).max().orElse(-1);
        String row = String.format("| %s | %d | %d | %d%s | %d | %d | %d | %s | %s |", fault, futures.size(), ok,
                futures.size() - ok - lost, failures.isEmpty() ? "" : " " + failures, lost, duplicates, beyondFirst,
                seconds(firstAfter, faultEnded), seconds(lastAfter, faultEnded));
        ROWS.add(row);
        System.out.println("chaos: " + row);

        assertThat(lost).as("futures that never ended (" + fault + ")").isZero();
        assertThat(failures.keySet()).as("every failure is a clear error: a task that crashed its children too often, "
                + "or the broker gone longer than the broker-loss timeout").allMatch(r -> r.startsWith(Protocol.E_WORKER_CRASHED)
                || r.startsWith(BrokerUnavailableException.class.getSimpleName()));
        assertThat(new HashSet<>(executions)).as("every completed task really ran in a child").containsAll(completedIds);
        Map<String, Long> perTask = executions.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        assertThat(perTask.values()).as("one fault runs a task at most three times: the first run, the producer's "
                + "re-publication of an unconfirmed copy, one redelivery after a child lost its connection")
                .allMatch(n -> n <= 3);
    }

    static String seconds(long at, long from) {
        return at < 0 ? "n/a" : String.format("%.1f s", (at - from) / 1e9);
    }

    static String reason(CompletableFuture<?> f) {
        try {
            f.join();
            return "none";
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            return c instanceof RemoteTaskException r ? r.remoteType() : c.getClass().getSimpleName() + ": " + c.getMessage();
        }
    }

    static void deleteQueue(String queue) {
        try (Connection c = broker.settings().connectionFactory().newConnection("chaos-cleanup"); Channel ch = c.createChannel()) {
            ch.queueDelete(queue);
        } catch (Exception e) {
            System.out.println("chaos: could not delete queue " + queue + ": " + e);
        }
    }
}
