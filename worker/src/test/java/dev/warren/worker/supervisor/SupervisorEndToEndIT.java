package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.warren.common.Protocol;
import dev.warren.examples.Examples;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.TaskExecutor;
import dev.warren.producer.TaskResult;
import dev.warren.testing.TestBroker;
import dev.warren.testing.WorkerPool;
import dev.warren.testing.WorkerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Producer → broker → supervisor → real child JVMs → reply, with the supervisor as a real process. */
class SupervisorEndToEndIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String queue = TestBroker.uniqueQueue("it.e2e");
    private WorkerProcess supervisor;
    private TaskExecutor executor;

    private TaskExecutor executor() {
        executor = TaskExecutor.connect(ProducerOptions.builder().uri(TestBroker.get().uri()).queue(queue).build());
        return executor;
    }

    private WorkerProcess startSupervisor(int children) throws Exception {
        return startSupervisor(children, Map.of());
    }

    private WorkerProcess startSupervisor(int children, Map<String, String> more) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(more);
        env.putAll(Map.of("WARREN_BROKER_URI", TestBroker.get().uri(), "WARREN_QUEUE", queue,
                "WARREN_CHILDREN", Integer.toString(children), "WARREN_DRAIN_TIMEOUT", "30s"));
        supervisor = WorkerProcess.builder().env(env).launch();
        await().atMost(WAIT).until(() -> supervisor.readinessStatus() == 200
                && supervisor.pool().consuming() == children);
        return supervisor;
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (executor != null) executor.close();
        if (supervisor != null) supervisor.close();
        TestBroker.get().deleteTaskQueue(queue);
    }

    @Test
    void cubeOfThreeIs27AndResultsErrorsAndDeadLettersShowInTheMetrics() throws Throwable {
        startSupervisor(2);
        try {
            TaskExecutor ex = executor();
            Integer cube = ex.submit(Examples.CUBE, 3).get(30, TimeUnit.SECONDS);
            assertThat(cube).isEqualTo(27);
            assertThat(ex.submit(Examples.FAIL, "on purpose")).failsWithin(WAIT);
            try (Connection c = TestBroker.get().settings().connectionFactory().newConnection("it-malformed")) {
                Channel ch = c.createChannel();
                ch.basicPublish("", queue, new com.rabbitmq.client.AMQP.BasicProperties.Builder().messageId("bad-1")
                        .type("cube").contentType(Protocol.CONTENT_TYPE).build(), "{not json".getBytes());
            }

            await().atMost(WAIT).untilAsserted(() -> assertThat(supervisor.prometheus())
                    .containsPattern("(?m)^warren_tasks_completed_total\\{task=\"cube\"\\} 1\\.0$")
                    .containsPattern("(?m)^warren_tasks_failed_total\\{error=\"[^\"]+\",task=\"fail\"\\} 1\\.0$")
                    .containsPattern("(?m)^warren_dead_lettered_total\\{reason=\"warren\\.[A-Za-z]+\"\\} 1\\.0$")
                    .contains("warren_task_duration_seconds_bucket{task=\"cube\""));
            long done = 0;
            for (WorkerPool.Child c : supervisor.pool().children()) done += c.tasksDone();
            assertThat(done).isEqualTo(2);
        } catch (Throwable t) {
            System.out.println("---- supervisor output\n" + supervisor.output());
            throw t;
        }
    }

    @Test
    void sigtermWhileTasksRunMakesTheSupervisorUnreadyAndLetsThemAllCompleteBeforeItExitsZero() throws Throwable {
        startSupervisor(2).awaitConsuming(2, WAIT); // both subscribed, so the two tasks go to two children
        try {
            TaskExecutor ex = executor();
            List<CompletableFuture<String>> running = List.of(ex.submit(Examples.SLEEP, 3.0), ex.submit(Examples.SLEEP, 3.0));
            await().atMost(WAIT).until(() -> {
                int busy = 0;
                for (WorkerPool.Child c : supervisor.pool().children()) if (c.currentTaskId() != null) busy++;
                return busy == 2;
            });

            supervisor.sigterm();

            await().atMost(WAIT).until(() -> supervisor.readinessStatus() == 503);
            assertThat(supervisor.pool().state()).isEqualTo("draining");
            for (CompletableFuture<String> f : running) {
                assertThat(f).succeedsWithin(WAIT).asString().startsWith("slept 3.0 s");
            }
            assertThat(supervisor.awaitExit(WAIT)).as("exit status within %s", WAIT).hasValue(0);
        } catch (Throwable t) {
            System.out.println("---- supervisor output\n" + supervisor.output());
            throw t;
        }
    }

    @Test
    void aTaskWhoseChildIsKilledMidTaskCompletesOnceOnAnotherChildAsItsSecondAttempt() throws Throwable {
        startSupervisor(2);
        try {
            CompletableFuture<TaskResult<String>> future = executor().submitForResult(Examples.SLEEP, 1.5, null);
            long[] victim = new long[1];
            await().atMost(WAIT).until(() -> {
                for (WorkerPool.Child c : supervisor.pool().children()) {
                    if (c.currentTaskId() != null) {
                        victim[0] = c.pid();
                        return true;
                    }
                }
                return false;
            });

            ProcessHandle.of(victim[0]).orElseThrow().destroyForcibly();

            TaskResult<String> result = future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(result.value()).startsWith("slept 1.5 s");
            assertThat(result.attempts()).isEqualTo(2);
            assertThat(result.worker().pid()).isNotEqualTo(victim[0]);
            assertThat(future).isCompleted().isNotCompletedExceptionally();
            await().atMost(WAIT).untilAsserted(() -> assertThat(supervisor.prometheus())
                    .containsPattern("(?m)^warren_child_restarts_total\\{cause=\"crash\"\\} 1\\.0$"));
        } catch (Throwable t) {
            System.out.println("---- supervisor output\n" + supervisor.output());
            throw t;
        }
    }

    @Test
    void aChildIsRecycledAfterMaxTasksPerChildAndItsReplacementRunsTheNextTasks() throws Throwable {
        startSupervisor(1, Map.of("WARREN_MAX_TASKS_PER_CHILD", "2"));
        try {
            TaskExecutor ex = executor();
            List<TaskResult<Integer>> results = new java.util.ArrayList<>();
            for (int n = 1; n <= 3; n++) results.add(ex.submitForResult(Examples.CUBE, n, null).get(60, TimeUnit.SECONDS));

            assertThat(results).extracting(TaskResult::value).containsExactly(1, 8, 27);
            assertThat(results.get(0).worker().pid()).isEqualTo(results.get(1).worker().pid());
            assertThat(results.get(2).worker().pid()).isNotEqualTo(results.get(0).worker().pid());
            await().atMost(WAIT).untilAsserted(() -> assertThat(supervisor.prometheus())
                    .containsPattern("(?m)^warren_child_restarts_total\\{cause=\"recycle\"\\} 1\\.0$"));
        } catch (Throwable t) {
            System.out.println("---- supervisor output\n" + supervisor.output());
            throw t;
        }
    }
}
