package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.examples.Examples;
import dev.warren.producer.MapOptions;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.TaskExecutor;
import dev.warren.testing.TestBroker;
import dev.warren.testing.WorkerPoolExtension;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code map} with its defaults (adaptive chunks) against a real supervisor with 2 children: long tasks still
 * travel one per message and spread over every child; short ones travel in chunks. Asserts on where each input
 * ran (the sleep task names its child's pid) and on the supervisor's count of messages, never on timing.
 */
class MapDefaultsIT {
    @RegisterExtension
    static final WorkerPoolExtension supervisor = WorkerPoolExtension.builder("it.mapdefaults").children(2).awaitConsuming()
            .build();
    private static final String queue = supervisor.queue();
    private static final Pattern PID = Pattern.compile("pid (\\d+)");
    private TaskExecutor pool;

    @BeforeEach void connect() {
        pool = TaskExecutor.connect(ProducerOptions.builder().uri(TestBroker.get().uri()).queue(queue).build());
    }

    @AfterEach void close() {
        if (pool != null) pool.close();
    }

    /** The pids of the children in the pool's slots (the warm spare consumes nothing). */
    private static Set<Long> slotChildPids() {
        return supervisor.worker().pool().children().stream().filter(c -> c.slot() >= 0).map(c -> c.pid()).collect(Collectors.toSet());
    }

    private static long pidOf(String sleepOutput) {
        Matcher m = PID.matcher(sleepOutput);
        assertThat(m.find()).as("a pid in " + sleepOutput).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Messages of this task the supervisor saw completed (a chunk is one message). */
    private static double completed(String task) {
        Matcher m = Pattern.compile("warren_tasks_completed_total\\{[^}]*task=\"" + task + "\"[^}]*\\} ([0-9.E]+)")
                .matcher(supervisor.worker().prometheus());
        double n = 0;
        while (m.find()) n += Double.parseDouble(m.group(1));
        return n;
    }

    @Test void aBatchOfLongTasksWithDefaultOptionsSpreadsOverEveryChildOneInputPerMessage() {
        double before = completed("sleep");
        List<String> out = pool.map(Examples.SLEEP, Collections.nCopies(6, 1.0)).toList();
        Set<Long> pids = out.stream().map(MapDefaultsIT::pidOf).collect(Collectors.toSet());
        assertThat(pids).as("every child ran some of them").isEqualTo(slotChildPids());
        Awaitility.await().untilAsserted(() -> assertThat(completed("sleep") - before).isEqualTo(6.0));
    }

    @Test void tasksSubmittedAfterTheFirstMeasurementsStayAloneWhenTheyTakeLongerThanTheChunkTarget() {
        // a window of 3: all but the first three messages are sized from measured times of about 200 ms each
        double before = completed("sleep");
        List<String> out = pool.map(Examples.SLEEP, Collections.nCopies(12, 0.2),
                MapOptions.builder().maxInFlight(3).build()).toList();
        assertThat(out).hasSize(12);
        assertThat(out.stream().map(MapDefaultsIT::pidOf).collect(Collectors.toSet())).isEqualTo(slotChildPids());
        Awaitility.await().untilAsserted(() -> assertThat(completed("sleep") - before)
                .as("12 messages: none of them a chunk").isEqualTo(12.0));
    }

    @Test void shortTasksWithDefaultOptionsTravelInChunksAndComeBackInInputOrder() {
        double before = completed("noop");
        List<Integer> in = IntStream.range(0, 10_000).boxed().toList();
        assertThat(pool.map(Examples.NOOP, in).toList()).isEqualTo(in);
        double[] last = {-1};
        Awaitility.await().pollInterval(Duration.ofMillis(300)).until(() -> { // the supervisor counts after the replies
            double now = completed("noop") - before;
            boolean settled = now > 0 && now == last[0];
            last[0] = now;
            return settled;
        });
        assertThat(last[0]).as("far fewer messages than inputs").isLessThanOrEqualTo(2_500.0);
    }
}
