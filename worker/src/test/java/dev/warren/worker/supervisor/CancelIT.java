package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.warren.common.Protocol;
import dev.warren.common.internal.Headers;
import dev.warren.examples.Examples;
import dev.warren.producer.Progress;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.TaskExecutor;
import dev.warren.producer.TaskFuture;
import dev.warren.testing.TestBroker;
import dev.warren.testing.WorkerPool;
import dev.warren.testing.WorkerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 items 2 and 3 end to end: a real supervisor with real children, a real producer. Cancel before start,
 * cancel while running (a task that stops on the interrupt, one that ignores it), shutdownNow, and progress.
 */
class CancelIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Long enough that only a cancel ends it within the test's waits (~1000 s of counting). */
    private static final long ENDLESS = 1_000_000_000_000L;

    private final String queue = TestBroker.uniqueQueue("it.cancel");
    private WorkerProcess supervisor;
    private TaskExecutor executor;

    private TaskExecutor executor() {
        executor = TaskExecutor.connect(ProducerOptions.builder().uri(TestBroker.get().uri()).queue(queue).build());
        return executor;
    }

    private WorkerProcess startSupervisor(int children, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(more);
        env.putAll(Map.of("WARREN_BROKER_URI", TestBroker.get().uri(), "WARREN_QUEUE", queue,
                "WARREN_CHILDREN", Integer.toString(children), "WARREN_DRAIN_TIMEOUT", "10s"));
        supervisor = WorkerProcess.builder().env(env).launch();
        supervisor.awaitReady(WAIT).awaitConsuming(children, WAIT);
        return supervisor;
    }

    @AfterEach void cleanUp() {
        if (executor != null) {
            executor.shutdownNow();
            executor.close();
        }
        if (supervisor != null) supervisor.close();
        TestBroker.get().deleteTaskQueue(queue);
    }

    /** The child running this task, once the supervisor has seen it start. */
    private WorkerPool.Child runner(String taskId) {
        return await().atMost(WAIT).until(() -> supervisor.pool().children().stream()
                .filter(c -> taskId.equals(c.currentTaskId())).findFirst().orElse(null), c -> c != null);
    }

    private long ready(String name) throws Exception {
        try (Connection c = TestBroker.get().settings().connectionFactory().newConnection("it-cancel-count")) {
            return c.createChannel().queueDeclarePassive(name).getMessageCount();
        }
    }

    private void withOutput(ThrowingRunnable test) throws Throwable {
        try {
            test.run();
        } catch (Throwable t) {
            System.out.println("---- supervisor output\n" + supervisor.output());
            throw t;
        }
    }

    interface ThrowingRunnable { void run() throws Throwable; }

    @Test void aTaskCancelledBeforeItStartsIsSkippedAnsweredCancelledAndNotDeadLettered() throws Throwable {
        startSupervisor(1, Map.of());
        withOutput(() -> {
            TaskExecutor ex = executor();
            TaskFuture<Double> busy = TaskFuture.of(ex.submit(Examples.SPIN, 2.0));
            runner(busy.taskId()); // the one child is busy: the next task waits in the queue
            TaskFuture<Integer> queued = TaskFuture.of(ex.submit(Examples.CUBE, 3));
            assertThat(queued.cancel(false)).isTrue();
            assertThat(queued).isCancelled();
            assertThat(busy).succeedsWithin(WAIT).isEqualTo(2.0);
            await().atMost(WAIT).untilAsserted(() -> assertThat(supervisor.output())
                    .contains("skipping task " + queued.taskId() + " (cube): cancelled by its producer before it started"));
            assertThat(ex.submit(Examples.CUBE, 4)).succeedsWithin(WAIT).isEqualTo(64);
            await().atMost(WAIT).untilAsserted(() -> assertThat(ready(queue)).isZero());
            assertThat(ready(queue + Protocol.DEAD_SUFFIX)).isZero();
            // the children report their counts once a second
            await().atMost(WAIT).untilAsserted(() -> assertThat(supervisor.prometheus())
                    .containsPattern("(?m)^warren_tasks_completed_total\\{task=\"cube\"\\} 1\\.0$"));
        });
    }

    @Test void cancelTrueInterruptsARunningCountdownItsChildKeepsServingAndTheTaskIsNotRunAgain() throws Throwable {
        startSupervisor(1, Map.of("WARREN_CANCEL_GRACE", "60s"));
        withOutput(() -> {
            TaskExecutor ex = executor();
            TaskFuture<Long> f = TaskFuture.of(ex.submit(Examples.COUNTDOWN, ENDLESS));
            long pid = runner(f.taskId()).pid();
            assertThat(f.cancel(true)).isTrue();
            assertThat(f).isCancelled();
            await().atMost(WAIT).untilAsserted(() -> assertThat(supervisor.prometheus()).containsPattern(
                    "(?m)^warren_tasks_failed_total\\{error=\"warren\\.Cancelled\",task=\"countdown\"\\} 1\\.0$"));
            assertThat(ex.submit(Examples.CUBE, 3)).succeedsWithin(WAIT).isEqualTo(27); // well before 60 s of grace
            assertThat(supervisor.pool().children().stream().filter(c -> c.slot() >= 0).map(WorkerPool.Child::pid))
                    .containsExactly(pid); // the same child in the slot (beside the warm spare), never killed
            assertThat(supervisor.output()).contains("interrupting task " + f.taskId());
            assertThat(ready(queue)).isZero();
            assertThat(ready(queue + Protocol.DEAD_SUFFIX)).isZero();
            assertThat(supervisor.prometheus()).doesNotContain("warren_tasks_completed_total{task=\"countdown\"}");
        });
    }

    @Test void aRunningTaskThatIgnoresTheInterruptHasItsChildKilledAfterTheGraceAndIsNotRunAgain() throws Throwable {
        startSupervisor(2, Map.of("WARREN_CANCEL_GRACE", "1s"));
        withOutput(() -> {
            TaskExecutor ex = executor();
            TaskFuture<Double> spin = TaskFuture.of(ex.submit(Examples.SPIN, 600.0));
            WorkerPool.Child running = runner(spin.taskId());
            TaskFuture<Double> other = TaskFuture.of(ex.submit(Examples.SPIN, 3.0)); // on the other child
            runner(other.taskId());
            assertThat(spin.cancel(true)).isTrue();
            await().atMost(WAIT).until(() -> !supervisor.pool().pids().contains(running.pid())
                    && supervisor.pool().consuming() == 2);
            assertThat(other).succeedsWithin(WAIT).isEqualTo(3.0); // the other child carried on
            await().atMost(WAIT).untilAsserted(() -> assertThat(supervisor.prometheus())
                    .containsPattern("(?m)^warren_child_restarts_total\\{cause=\"cancel\"\\} 1\\.0$"));
            await().atMost(WAIT).untilAsserted(() -> assertThat(supervisor.output())
                    .contains("skipping task " + spin.taskId() + " (spin): cancelled by its producer before it started"));
            assertThat(ex.submit(Examples.CUBE, 2)).succeedsWithin(WAIT).isEqualTo(8);
            assertThat(ready(queue)).isZero();
            assertThat(ready(queue + Protocol.DEAD_SUFFIX)).isZero();
            assertThat(supervisor.pool().children()).noneMatch(c -> spin.taskId().equals(c.currentTaskId()));
        });
    }

    @Test void shutdownNowStopsRunningTasksToo() throws Throwable {
        startSupervisor(1, Map.of("WARREN_CANCEL_GRACE", "60s"));
        withOutput(() -> {
            TaskExecutor ex = executor();
            TaskFuture<Long> f = TaskFuture.of(ex.submit(Examples.COUNTDOWN, ENDLESS));
            runner(f.taskId());
            assertThat(ex.shutdownNow()).containsExactly(f.taskId());
            assertThat(f).isCancelled();
            assertThat(ex.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(executor().submit(Examples.CUBE, 3)).succeedsWithin(WAIT).isEqualTo(27); // the child is free
            // the children report their counts once a second: the cancelled countdown's may come after the cube
            await().atMost(WAIT).untilAsserted(() -> assertThat(supervisor.prometheus()).containsPattern(
                    "(?m)^warren_tasks_failed_total\\{error=\"warren\\.Cancelled\",task=\"countdown\"\\} 1\\.0$"));
        });
    }

    @Test void theProducerSeesProgressBeforeTheResult() throws Throwable {
        startSupervisor(1, Map.of());
        withOutput(() -> {
            TaskExecutor ex = executor();
            TaskFuture<Long> f = TaskFuture.of(ex.submit(Examples.COUNTDOWN, 3_000_000_000L));
            List<Progress> seen = new CopyOnWriteArrayList<>();
            List<Boolean> doneWhenSeen = new CopyOnWriteArrayList<>();
            f.onProgress(p -> {
                seen.add(p);
                doneWhenSeen.add(f.isDone());
            });
            assertThat(f).succeedsWithin(WAIT);
            assertThat(seen).isNotEmpty();
            assertThat(doneWhenSeen).containsOnly(false);
            assertThat(f.progress()).isPresent();
            assertThat(seen).allSatisfy(p -> {
                assertThat(p.total()).isEqualTo(3_000_000_000L);
                assertThat(p.message()).contains("counting down");
            });
            for (int i = 1; i < seen.size(); i++) assertThat(seen.get(i).done()).isGreaterThan(seen.get(i - 1).done());
        });
    }

    @Test void onTheWireEveryProgressMessageComesBeforeTheReplyAndOnlyWhenAskedFor() throws Throwable {
        startSupervisor(1, Map.of());
        withOutput(() -> {
            try (Connection c = TestBroker.get().settings().connectionFactory().newConnection("it-progress-wire")) {
                Channel ch = c.createChannel();
                String replies = ch.queueDeclare().getQueue();
                String asked = publish(ch, replies, true);
                String notAsked = publish(ch, replies, false);
                List<String> statuses = new ArrayList<>();
                await().atMost(WAIT).until(() -> {
                    GetResponse r = ch.basicGet(replies, true);
                    if (r != null) {
                        String status = Headers.string(r.getProps().getHeaders(), Protocol.H_STATUS);
                        statuses.add(r.getProps().getCorrelationId() + " " + status);
                        if (Protocol.STATUS_PROGRESS.equals(status)) {
                            assertThat(r.getProps().getDeliveryMode()).isEqualTo(1);
                            assertThat(new String(r.getBody(), StandardCharsets.UTF_8)).contains("\"total\":2000000000");
                        }
                    }
                    return statuses.contains(notAsked + " ok");
                });
                assertThat(statuses).contains(asked + " progress");
                assertThat(statuses.indexOf(asked + " ok")).isEqualTo(statuses.lastIndexOf(asked + " progress") + 1);
                assertThat(statuses).doesNotContain(notAsked + " progress");
            }
        });
    }

    private String publish(Channel ch, String replyTo, boolean progress) throws Exception {
        String id = UUID.randomUUID().toString();
        Map<String, Object> h = new HashMap<>(Map.of(Protocol.H_PROTOCOL, 1));
        if (progress) h.put(Protocol.H_PROGRESS, 1);
        ch.basicPublish("", queue, new AMQP.BasicProperties.Builder().messageId(id).correlationId(id).type("countdown")
                .replyTo(replyTo).contentType(Protocol.CONTENT_TYPE).deliveryMode(2).headers(h).build(),
                "2000000000".getBytes(StandardCharsets.UTF_8));
        return id;
    }
}
