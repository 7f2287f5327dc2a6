package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.Protocol;
import dev.warren.common.TaskType;
import dev.warren.examples.Examples;
import dev.warren.examples.FlakyTasks;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.RemoteTaskException;
import dev.warren.producer.RetryPolicy;
import dev.warren.producer.TaskExecutor;
import dev.warren.testing.TestBroker;
import dev.warren.testing.WorkerPoolExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Producer-side retries against a real supervisor with two children, through the API and {@code warren submit --retries}. */
class RetryIT {
    @RegisterExtension
    static final WorkerPoolExtension supervisor = WorkerPoolExtension.builder("it.retry").children(2).awaitConsuming().build();
    private static final String queue = supervisor.queue();
    private final String key = "it-" + UUID.randomUUID().toString().substring(0, 8);
    private TaskExecutor pool;
    private final RetryPolicy quick = RetryPolicy.builder().maxAttempts(3)
            .backoff(Duration.ofMillis(50), Duration.ofMillis(200)).build();

    @BeforeEach void connect() {
        pool = TaskExecutor.connect(ProducerOptions.builder().broker(TestBroker.get().settings()).queue(queue)
                .retryPolicy(FlakyTasks.FLAKY.name(), quick).build());
    }

    @AfterEach void close() { pool.close(); }

    private static RemoteTaskException remoteError(java.util.concurrent.CompletableFuture<?> f) {
        try {
            f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + f.join());
        } catch (ExecutionException e) {
            return (RemoteTaskException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test void aTaskThatFailsTwiceSucceedsOnItsThirdAttemptUnderTheTypesPolicy() {
        assertThat(pool.submit(FlakyTasks.FLAKY, key + ":2", Duration.ofSeconds(60)))
                .succeedsWithin(Duration.ofSeconds(60)).isEqualTo("ok after 2 failures");
    }

    @Test void theFinalErrorListsEveryAttemptAndWhyItEnded() {
        RemoteTaskException e = remoteError(pool.submit(FlakyTasks.FLAKY, key + ":5", Duration.ofSeconds(60)));
        assertThat(e.history()).hasSize(3).allSatisfy(a -> assertThat(a.type()).isEqualTo("java.lang.IllegalStateException"));
        assertThat(e.history()).extracting(RemoteTaskException.Attempt::number).containsExactly(1, 2, 3);
        assertThat(e.history().get(2).message()).contains("flaky run 3 of " + key);
        assertThat(e.getMessage()).contains("(after 3 attempts: 1: java.lang.IllegalStateException: flaky run 1 of " + key);
    }

    @Test void aNonRetryableErrorIsNotRetried() {
        TaskType<Integer, Integer> unknown = TaskType.of("no-such-task", Integer.class, Integer.class);
        RemoteTaskException e = remoteError(pool.submit(unknown, 1, Duration.ofSeconds(30), RetryPolicy.attempts(3)));
        assertThat(e.remoteType()).isEqualTo(Protocol.E_UNKNOWN_TASK);
        assertThat(e.history()).hasSize(1);
    }

    @Test void anErrorTypeThePolicyNeverRetriesIsNotRetriedThoughRetryable() {
        RetryPolicy never = RetryPolicy.builder().maxAttempts(3).backoff(Duration.ofMillis(50), Duration.ofMillis(50))
                .neverRetry(Set.of("java.lang.IllegalStateException")).build();
        RemoteTaskException e = remoteError(pool.submit(FlakyTasks.FLAKY, key + ":1", Duration.ofSeconds(30), never));
        assertThat(e.retryable()).isTrue();
        assertThat(e.history()).hasSize(1);
        // the task ran once: its next run is the second, which goes through
        assertThat(pool.submit(FlakyTasks.FLAKY, key + ":1", Duration.ofSeconds(30), RetryPolicy.NONE))
                .succeedsWithin(Duration.ofSeconds(30)).isEqualTo("ok after 1 failures");
    }

    @Test void aTaskWithoutAPolicyIsAttemptedOnce() {
        RemoteTaskException e = remoteError(pool.submit(Examples.FAIL, "boom", Duration.ofSeconds(30)));
        assertThat(e.history()).hasSize(1);
        assertThat(e.getMessage()).doesNotContain("attempts:");
    }

    @Test void submitRetriesThroughTheCli() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = supervisor.cliEnv();
        int code = Cli.run(new String[] {"submit", "flaky", "\"" + key + ":2\"", "--retries", "2", "--backoff", "100ms"},
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(Cli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("\"ok after 2 failures\"" + System.lineSeparator());

        out.reset();
        err.reset();
        code = Cli.run(new String[] {"submit", "flaky", "\"" + key + "-b:3\"", "--retries", "1", "--backoff", "100ms"},
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        assertThat(code).isEqualTo(Cli.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("(after 2 attempts: 1: java.lang.IllegalStateException");
    }
}
