package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.common.ExitCode;
import dev.warren.examples.Examples;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.TaskExecutor;
import dev.warren.testing.TestBroker;
import dev.warren.testing.WorkerPool;
import dev.warren.testing.WorkerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The warm spare (WARREN_SPARE_CHILDREN, default 1) takes a killed child's slot and a new spare starts behind it;
 * with batched acks and the slot, killing children mid-stream loses no task and answers each with its own result.
 */
class SpareChildIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String queue = TestBroker.uniqueQueue("it.spare");
    private WorkerProcess supervisor;
    private TaskExecutor executor;

    private WorkerProcess start(int children, Map<String, String> more) {
        Map<String, String> env = new java.util.HashMap<>(more);
        env.putAll(Map.of("WARREN_BROKER_URI", TestBroker.get().uri(), "WARREN_QUEUE", queue,
                "WARREN_CHILDREN", Integer.toString(children), "WARREN_PREFETCH", "20"));
        supervisor = WorkerProcess.builder().env(env).launch();
        return supervisor;
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (executor != null) executor.close();
        if (supervisor != null) supervisor.close();
        TestBroker.get().deleteTaskQueue(queue);
    }

    private static WorkerPool.Child spare(WorkerPool p) {
        return p.children().stream().filter(c -> c.state().equals("spare")).findFirst().orElse(null);
    }

    @Test
    void aKilledChildsSlotGoesToTheConnectedSpareAndANewSpareStarts() throws Throwable {
        start(1, Map.of());
        try {
            WorkerPool ready = supervisor.awaitPool(p -> p.consuming() == 1 && spare(p) != null, WAIT, 50);
            WorkerPool.Child victim = ready.children().stream().filter(WorkerPool.Child::consuming).findFirst().orElseThrow();
            long sparePid = spare(ready).pid();
            assertThat(spare(ready).slot()).isEqualTo(ChildProcess.NO_SLOT);

            ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly();

            WorkerPool after = supervisor.awaitPool(p -> p.children().stream().anyMatch(c -> c.pid() == sparePid
                    && c.consuming() && c.slot() == victim.slot()) && spare(p) != null && spare(p).pid() != sparePid, WAIT, 50);
            assertThat(after.children()).noneMatch(c -> c.pid() == victim.pid());
            executor = TaskExecutor.connect(ProducerOptions.builder().uri(TestBroker.get().uri()).queue(queue).build());
            assertThat(executor.submit(Examples.CUBE, 4).get(30, TimeUnit.SECONDS)).isEqualTo(64); // the spare runs tasks
        } catch (Throwable t) {
            System.out.println("---- supervisor output\n" + supervisor.output());
            throw t;
        }
    }

    @Test
    void killingChildrenWhileTasksArePipelinedLosesNoneAndAnswersEachOnce() throws Throwable {
        start(2, Map.of());
        try {
            supervisor.awaitPool(p -> p.consuming() == 2 && spare(p) != null, WAIT, 50);
            executor = TaskExecutor.connect(ProducerOptions.builder().uri(TestBroker.get().uri()).queue(queue).build());
            List<CompletableFuture<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 3000; i++) futures.add(executor.submit(Examples.CUBE, i % 1000));
            for (int k = 0; k < 3; k++) {
                int done = k;
                await().atMost(WAIT).until(() -> futures.stream().filter(CompletableFuture::isDone).count() > 500L * (done + 1));
                WorkerPool p = supervisor.pool();
                p.children().stream().filter(WorkerPool.Child::consuming).findFirst()
                        .flatMap(c -> ProcessHandle.of(c.pid())).ifPresent(ProcessHandle::destroyForcibly);
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            for (int i = 0; i < futures.size(); i++) {
                int x = i % 1000;
                assertThat(futures.get(i).join()).isEqualTo(x * x * x);
            }
        } catch (Throwable t) {
            System.out.println("---- supervisor output\n" + supervisor.tail(200));
            throw t;
        }
    }

    @Test
    void recyclingAtMaxTasksHandsTheSlotToTheSpare() throws Throwable {
        start(1, Map.of("WARREN_MAX_TASKS_PER_CHILD", "5"));
        try {
            supervisor.awaitPool(p -> p.consuming() == 1 && spare(p) != null, WAIT, 50);
            executor = TaskExecutor.connect(ProducerOptions.builder().uri(TestBroker.get().uri()).queue(queue).build());
            for (int i = 0; i < 12; i++) assertThat(executor.submit(Examples.CUBE, i).get(30, TimeUnit.SECONDS)).isEqualTo(i * i * i);
            await().atMost(WAIT).until(() -> supervisor.output().contains("recycling child-1"));
            assertThat(supervisor.output()).containsPattern("spare child-\\d+ \\(pid \\d+\\) takes slot 0");
        } catch (Throwable t) {
            System.out.println("---- supervisor output\n" + supervisor.tail(100));
            throw t;
        }
    }

    @Test
    void aBadSpareCountStopsTheSupervisorAtOnceNamingTheSetting() {
        start(1, Map.of("WARREN_SPARE_CHILDREN", "many"));
        assertThat(supervisor.awaitExit(WAIT)).hasValue(ExitCode.BAD_SETTING.code());
        Set<String> lines = supervisor.output().lines().filter(l -> !l.isBlank()).collect(Collectors.toSet());
        assertThat(lines).singleElement().asString()
                .startsWith("WARREN_SPARE_CHILDREN=many (warren.spare-children) is refused: use a whole number from 0 to 64");
    }

    @Test
    void aBadDurationSloStopsTheSupervisorAtOnceNamingTheSetting() {
        start(1, Map.of("WARREN_METRICS_DURATION_SLOS", "1s,soon"));
        assertThat(supervisor.awaitExit(WAIT)).hasValue(ExitCode.BAD_SETTING.code());
        assertThat(supervisor.output()).contains("WARREN_METRICS_DURATION_SLOS=1s,soon is refused: 'soon'");
    }

    @Test
    void withNoSparesThePoolHasOnlyItsSlots() {
        start(1, Map.of("WARREN_SPARE_CHILDREN", "0"));
        WorkerPool p = supervisor.awaitPool(x -> x.consuming() == 1, WAIT, 50);
        assertThat(p.children()).hasSize(1);
        assertThat(spare(p)).isNull();
    }
}
