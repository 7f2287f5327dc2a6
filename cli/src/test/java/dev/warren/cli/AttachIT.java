package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.warren.common.Protocol;
import dev.warren.common.TaskError;
import dev.warren.common.internal.ReplyEnvelope;
import dev.warren.examples.Examples;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.TaskExecutor;
import dev.warren.testing.TestBroker;
import dev.warren.testing.WorkerPoolExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Re-attaching, end to end: a real supervisor with two children, producers with a stable client id whose lifecycles
 * are separate (a second JVM, or an executor closed before the next one opens), and the CLI's
 * {@code submit --detach} / {@code result ID}.
 */
class AttachIT {
    @RegisterExtension
    static final WorkerPoolExtension supervisor = WorkerPoolExtension.builder("it.attach").children(2).awaitConsuming().build();
    private static final String queue = supervisor.queue();
    private final String clientId = "it-attach-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, String> env = new HashMap<>(supervisor.cliEnv());
    private ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach void deleteReplyQueue() throws Exception {
        try (Connection c = TestBroker.get().settings().connectionFactory().newConnection("it-cleanup");
             Channel ch = c.createChannel()) {
            ch.queueDelete(Protocol.REPLY_PREFIX + clientId);
        }
    }

    private ProducerOptions.Builder options() {
        return ProducerOptions.builder().broker(TestBroker.get().settings()).queue(queue).clientId(clientId);
    }

    private int cli(String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        return Cli.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private String out() { return out.toString(StandardCharsets.UTF_8); }
    private String err() { return err.toString(StandardCharsets.UTF_8); }

    /** Replies ready in the client's reply queue (not held by a consumer). */
    private int readyReplies() throws Exception {
        try (Connection c = TestBroker.get().settings().connectionFactory().newConnection("it-check");
             Channel ch = c.createChannel()) {
            return ch.queueDeclarePassive(Protocol.REPLY_PREFIX + clientId).getMessageCount();
        }
    }

    @Test void aProducerRestartedInANewJvmWithTheSameClientIdGetsTheResultOfATaskSubmittedBefore() throws Exception {
        File jar = new File("target/warren.jar");
        assumeTrue(jar.isFile(), "target/warren.jar is built by mvn package");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.getPath(), "submit", "sleep", "1", "--detach");
        pb.environment().putAll(env);
        pb.environment().put("WARREN_CLIENT_ID", clientId);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        String id = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(id).matches("[0-9a-f-]{36}");

        try (TaskExecutor restarted = TaskExecutor.connect(options().build())) {
            assertThat(restarted.attach(Examples.SLEEP, id, Duration.ofSeconds(30)))
                    .succeedsWithin(Duration.ofSeconds(30)).asString().startsWith("slept 1.0 s in child-");
        }
    }

    @Test void waitingForOneIdKeepsTheRepliesOfTheClientsOtherIds() throws Exception {
        List<String> ids = new ArrayList<>();
        try (TaskExecutor first = TaskExecutor.connect(options().build())) {
            for (int n : new int[] {2, 3, 4}) ids.add(first.submitDetached(Examples.CUBE, n, null).get(10, TimeUnit.SECONDS));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> readyReplies() == 3); // the first executor is gone

        assertThat(cli("result", ids.get(1), "--client-id", clientId)).isEqualTo(Cli.OK);
        assertThat(out()).isEqualTo("27" + System.lineSeparator());
        await().atMost(Duration.ofSeconds(10)).until(() -> readyReplies() == 2); // the other two went back

        try (TaskExecutor third = TaskExecutor.connect(options().build())) {
            assertThat(third.attach(Examples.CUBE, ids.get(2), Duration.ofSeconds(10))).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(64);
            assertThat(third.attach(Examples.CUBE, ids.get(0), Duration.ofSeconds(10))).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(8);
        }
        assertThat(readyReplies()).isZero();
    }

    @Test void anUnclaimedReplyIsHeldForItsRetentionThenDroppedWithAWarning() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger("dev.warren.producer.Unclaimed");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        log.addAppender(logs);
        try (TaskExecutor pool = TaskExecutor.connect(options().unclaimedReplyRetention(Duration.ofSeconds(1)).build())) {
            String id = pool.submitDetached(Examples.CUBE, 5, null).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> logs.list.stream().anyMatch(e ->
                    e.getLevel() == ch.qos.logback.classic.Level.WARN && e.getFormattedMessage().contains(id)
                            && e.getFormattedMessage().contains("nobody claimed it within PT1S")));
        } finally {
            log.detachAppender(logs);
        }
        assertThat(readyReplies()).as("dropped: acked, not requeued on close").isZero();
    }

    @Test void submitDetachPrintsTheIdAndResultPrintsTheOutput() {
        assertThat(cli("submit", "cube", "7", "--detach", "--client-id", clientId)).isEqualTo(Cli.OK);
        String id = out().trim();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(cli("result", id, "--client-id", clientId, "--timeout", "30s")).isEqualTo(Cli.OK);
        assertThat(out()).isEqualTo("343" + System.lineSeparator());
    }

    @Test void resultOfAFailedTaskPrintsTheRemoteErrorAndExitsOne() {
        env.put("WARREN_CLIENT_ID", clientId);
        assertThat(cli("submit", "fail", "boom", "--detach")).isEqualTo(Cli.OK);
        String id = out().trim();
        assertThat(cli("result", id)).isEqualTo(Cli.FAILED);
        assertThat(out()).isEmpty();
        assertThat(err()).containsPattern("error: task failed in child-\\d+").contains("java.lang.IllegalStateException: boom");
    }

    @Test void resultOfACancelledTaskExitsThree() throws Exception {
        String id = UUID.randomUUID().toString();
        try (TaskExecutor pool = TaskExecutor.connect(options().build())) {
            pool.submitDetached(Examples.CUBE, 1, null).get(10, TimeUnit.SECONDS); // declares the reply queue
        }
        // the reply a worker sends for a task cancelled while it ran (error type warren.Cancelled)
        ReplyEnvelope cancelled = ReplyEnvelope.error(id, TaskError.of(Outcome.CANCELLED_TYPE, "cancelled while running", 1),
                null, null, null, true);
        try (Connection c = TestBroker.get().settings().connectionFactory().newConnection("it-reply");
             Channel ch = c.createChannel()) {
            AMQP.BasicProperties props = cancelled.toProperties();
            ch.basicPublish("", Protocol.REPLY_PREFIX + clientId, props, cancelled.body());
        }
        assertThat(cli("result", id, "--client-id", clientId, "--timeout", "20s")).isEqualTo(Cli.CANCELLED);
        assertThat(err()).startsWith("cancelled: ").contains("cancelled while running");
    }

    @Test void detachWithoutAStableClientIdIsAUsageError() {
        assertThat(cli("submit", "cube", "1", "--detach")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("--detach needs --client-id NAME or WARREN_CLIENT_ID");
        assertThat(cli("result", "some-id")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("result needs --client-id NAME or WARREN_CLIENT_ID");
    }
}
