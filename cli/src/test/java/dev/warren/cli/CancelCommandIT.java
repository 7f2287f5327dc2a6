package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.examples.Examples;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.TaskExecutor;
import dev.warren.producer.TaskFuture;
import dev.warren.testing.TestBroker;
import dev.warren.testing.WorkerPoolExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code warren cancel} and {@code warren submit --progress} against the broker and a real supervisor. */
class CancelCommandIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final WorkerPoolExtension supervisor = WorkerPoolExtension.builder("it.clicancel").children(1).build();
    private static final String queue = supervisor.queue();
    private final Map<String, String> env = new HashMap<>(supervisor.cliEnv());
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(String... args) {
        return Cli.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    @Test void cancelStopsARunningTaskAndItsProducerSeesItCancelled() {
        try (TaskExecutor pool = TaskExecutor.connect(ProducerOptions.builder().uri(TestBroker.get().uri()).queue(queue)
                .build())) {
            TaskFuture<Long> f = TaskFuture.of(pool.submit(Examples.COUNTDOWN, 1_000_000_000_000L));
            await().atMost(WAIT).until(() -> supervisor.worker().pool().children().stream()
                    .anyMatch(c -> f.taskId().equals(c.currentTaskId())));
            assertThat(cli("cancel", f.taskId())).isEqualTo(Cli.OK);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("cancel sent for task " + f.taskId()
                    + System.lineSeparator());
            // the worker interrupts it and answers warren.Cancelled: the future ends cancelled
            await().atMost(WAIT).until(f::isCancelled);
            assertThat(pool.submit(Examples.CUBE, 3)).succeedsWithin(WAIT).isEqualTo(27);
        }
    }

    @Test void cancelOfAQueueNobodyDeclaredFailsNamingIt() {
        env.put("WARREN_QUEUE", TestBroker.uniqueQueue("it.nobody"));
        assertThat(cli("cancel", "some-id")).isEqualTo(Cli.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(env.get("WARREN_QUEUE") + ".control");
    }

    @Test void submitWithProgressPrintsOneLinePerUpdateWhenStderrIsNoTerminal() {
        assertThat(cli("submit", "countdown", "3000000000", "--progress")).isEqualTo(Cli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).matches("\\d+" + System.lineSeparator());
        assertThat(err.toString(StandardCharsets.UTF_8))
                .containsPattern("(?m)^progress \\d+/3000000000 counting down$");
    }

    @Test void submitWithoutProgressPrintsNone() {
        assertThat(cli("submit", "countdown", "1000000000")).isEqualTo(Cli.OK);
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("progress");
    }
}
