package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.warren.examples.Examples;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.TaskExecutor;
import dev.warren.producer.TaskResult;
import dev.warren.testing.TestBroker;
import dev.warren.testing.WorkerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Recycling under repeated backlogs (issue 20, item 1): a real supervisor with real children on the test broker,
 * {@code WARREN_MAX_TASKS_PER_CHILD} small, and backlogs of {@value #BACKLOG} tasks one after the other, so that a
 * replacement reaches its limit while the child it replaced is still draining. Every future must complete, no child
 * may run more than its limit, and afterwards {@code /pool} and the broker agree on how many children consume.
 */
class RecyclingStressIT {
    static final int BACKLOG = 8;
    static final int BACKLOGS = 2;
    static final Duration WAIT = Duration.ofSeconds(60);
    /** Long enough for a backlog's recycles on a busy 2-core machine; a pool that stopped fails here. */
    static final Duration BACKLOG_DONE = Duration.ofSeconds(40);

    @ParameterizedTest(name = "{0} children, max {1} tasks per child")
    @CsvSource({"2, 2", "3, 4", "1, 4"})
    void everyFutureOfRepeatedBacklogsCompletesWhileChildrenRecycle(int children, int maxTasks) throws Exception {
        String queue = TestBroker.uniqueQueue("it.recycle-stress");
        String uri = TestBroker.get().uri();
        try (WorkerProcess worker = WorkerProcess.builder(uri).queue(queue).children(children)
                     .env("WARREN_MAX_TASKS_PER_CHILD", Integer.toString(maxTasks)).start();
             TaskExecutor executor = TaskExecutor.connect(ProducerOptions.builder().uri(uri).queue(queue).build())) {
            try {
                worker.awaitConsuming(children, WAIT);
                Map<Long, Integer> tasksPerChild = new HashMap<>();
                for (int round = 0; round < BACKLOGS; round++) {
                    List<CompletableFuture<TaskResult<Integer>>> backlog = new ArrayList<>();
                    for (int n = 1; n <= BACKLOG; n++) backlog.add(executor.submitForResult(Examples.CUBE, n, null));
                    for (int n = 1; n <= BACKLOG; n++) {
                        int cube = n * n * n;
                        assertThat(backlog.get(n - 1)).as("task %d of backlog %d", n, round + 1).succeedsWithin(BACKLOG_DONE)
                                .satisfies(r -> assertThat(r.value()).isEqualTo(cube));
                        tasksPerChild.merge(backlog.get(n - 1).join().worker().pid(), 1, Integer::sum);
                    }
                }
                assertThat(tasksPerChild.values()).as("tasks per child pid").allSatisfy(t -> assertThat(t).isLessThanOrEqualTo(maxTasks));
                assertThat(tasksPerChild).hasSizeGreaterThanOrEqualTo(BACKLOG * BACKLOGS / maxTasks);
                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(worker.pool().consuming()).as("/pool consuming").isEqualTo(children);
                    assertThat(brokerConsumers(queue)).as("consumers the broker counts").isEqualTo(children);
                });
                assertThat(worker.prometheus()).containsPattern("(?m)^warren_child_restarts_total\\{cause=\"recycle\"\\} \\d+\\.0$");
            } catch (AssertionError | RuntimeException e) {
                System.out.println("---- supervisor output\n" + worker.output());
                executor.shutdownNow(); // close() would wait for the futures of a stopped pool
                throw e;
            }
        } finally {
            TestBroker.get().deleteTaskQueue(queue);
        }
    }

    static int brokerConsumers(String queue) throws Exception {
        try (Connection c = TestBroker.get().settings().connectionFactory().newConnection("it-recycle-consumers");
             Channel ch = c.createChannel()) {
            return ch.queueDeclarePassive(queue).getConsumerCount();
        }
    }
}
