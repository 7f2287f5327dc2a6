package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.warren.cli.fleet.BrokerAccess;
import dev.warren.cli.fleet.DeadLetters;
import dev.warren.common.internal.DeadLetter;
import dev.warren.common.internal.Json;
import dev.warren.common.internal.TaskEnvelope;
import dev.warren.testing.TestBroker;
import dev.warren.testing.WorkerPoolExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code warren status} and {@code warren dead} against the broker and a real supervisor with two children
 * ({@code WARREN_MAX_ATTEMPTS=1}: a crashing task is dead-lettered on its first redelivery). Dead letters are
 * made for real: unknown task names, an expired deadline, a crash.
 */
class FleetCommandsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String queue = TestBroker.uniqueQueue("it.fleetcli");
    @RegisterExtension
    static final WorkerPoolExtension supervisor = WorkerPoolExtension.builder("it.fleetcli").queue(queue).children(2)
            .env("WARREN_MAX_ATTEMPTS", "1").env("WARREN_SUPERVISOR_NAME", "sup-" + queue).build();
    private static Connection connection;
    private static Channel channel;
    private static String replies;
    private final Map<String, String> env = supervisor.cliEnv();
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private String out = "";
    private String err = "";

    @BeforeAll static void startWorker() throws Exception {
        connection = TestBroker.get().settings().connectionFactory().newConnection("fleet-cli-it");
        channel = connection.createChannel();
        replies = channel.queueDeclare().getQueue(); // error replies of the malformed tasks land here, unread
    }

    @AfterAll static void stop() {
        if (connection != null) connection.abort();
    }

    @BeforeEach void emptyTheDeadLetterQueue() {
        try (BrokerAccess b = BrokerAccess.connect(env, "it")) {
            new DeadLetters(b).purgeAll();
        }
    }

    private int run(String... args) {
        outBytes.reset();
        errBytes.reset();
        int code = Cli.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8), env);
        out = outBytes.toString(StandardCharsets.UTF_8);
        err = errBytes.toString(StandardCharsets.UTF_8);
        return code;
    }

    private JsonNode statusJson() throws Exception {
        assertThat(run("status", "--json", "--wait", "1s")).as(err).isEqualTo(Cli.OK);
        return Json.MAPPER.readTree(out);
    }

    /** Publishes a task as any producer would, replying to a queue nobody reads. */
    private static String publish(String task, String body, long deadline) throws Exception {
        String id = UUID.randomUUID().toString();
        TaskEnvelope t = new TaskEnvelope(id, task, replies, deadline, 1, 0, null, null, null, null, true,
                System.currentTimeMillis(), body.getBytes(StandardCharsets.UTF_8));
        channel.basicPublish("", queue, t.toProperties(), t.body());
        return id;
    }

    private long deadCount() {
        try (BrokerAccess b = BrokerAccess.connect(env, "it")) {
            return new DeadLetters(b).count();
        }
    }

    private List<DeadLetter> deadLetters() {
        try (BrokerAccess b = BrokerAccess.connect(env, "it")) {
            return new DeadLetters(b).list(100).first();
        }
    }

    @Test void statusJsonHasTheQueueAndTheSupervisorWithOneEntryPerChild() throws Exception {
        JsonNode s = statusJson();
        assertThat(s.get("queue").get("name").asText()).isEqualTo(queue);
        assertThat(s.get("queue").get("ready").asLong()).isZero();
        assertThat(s.get("queue").get("unacked").asLong()).isZero();
        assertThat(s.get("queue").get("dead").asLong()).isZero();
        assertThat(s.get("queue").get("consumers").asInt()).isEqualTo(2);
        JsonNode sup = s.get("supervisors").get(0);
        assertThat(sup.get("name").asText()).isEqualTo("sup-" + queue);
        assertThat(sup.get("presence").asText()).isEqualTo("live");
        Set<Long> pids = new HashSet<>();
        sup.get("children").forEach(c -> pids.add(c.get("pid").asLong()));
        assertThat(sup.get("children")).hasSize(3); // two slots and the warm spare (WARREN_SPARE_CHILDREN=1)
        assertThat(sup.get("spares").asInt()).isEqualTo(1);
        assertThat(pids).isEqualTo(supervisor.worker().childPids());
    }

    @Test void aRunningTaskIsCountedUnackedAndShownOnItsChild() throws Exception {
        String id = publish("sleep", "3", 0);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode s = statusJson();
            assertThat(s.get("queue").get("unacked").asLong()).isEqualTo(1);
            assertThat(s.get("supervisors").get(0).get("children").findValues("task")).anySatisfy(t -> {
                assertThat(t.path("id").asText()).isEqualTo(id);
                assertThat(t.path("name").asText()).isEqualTo("sleep");
            });
        });
        assertThat(run("status", "--wait", "1s")).isEqualTo(Cli.OK);
        // the task may have ended meanwhile; the supervisor and its two children are named either way
        assertThat(out).startsWith("queue " + queue + ": ").contains("sup-" + queue + "  live  running")
                .containsPattern("child-\\d+ ").contains("fleet: 1 of 1 supervisors live, 2 children + 1 spare,").contains("2/2 children + 1 spare  ");
    }

    @Test void theQueueOptionReplacesTheEnvironmentsQueue() {
        assertThat(run("status", "--queue", queue + ".other", "--wait", "500ms")).isEqualTo(Cli.OK);
        assertThat(out).contains("queue " + queue + ".other: ? ready").contains("(the queue does not exist)")
                .contains("no supervisor announced itself on " + queue + ".other.fleet").doesNotContain("sup-" + queue);
        TestBroker.get().deleteTaskQueue(queue + ".other"); // the status declared its fleet exchange
    }

    @Test void watchWithoutATerminalPrintsOneBlockPerRefresh() {
        assertThat(run("status", "--watch", "--count", "2", "--interval", "200ms", "--wait", "1s")).isEqualTo(Cli.OK);
        assertThat(out.split("(?m)^--- ", -1)).hasSize(3);
        assertThat(out).doesNotContain("\033[");
        assertThat(out.split("(?m)^queue " + queue, -1)).hasSize(3);
    }

    @Test void aCrashIsInTheStatusWithItsStderrAndItsTaskIsDeadLettered() throws Exception {
        String id = publish("crash", "9", 0);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode s = statusJson();
            assertThat(s.get("crashes")).anySatisfy(c -> {
                assertThat(c.get("taskId").asText()).isEqualTo(id);
                assertThat(c.get("exit").asInt()).isEqualTo(9);
                assertThat(c.get("stderr").asText()).contains("crash task: halting");
            });
            assertThat(s.get("queue").get("dead").asLong()).isEqualTo(1);
        });
        assertThat(run("dead", "list")).isEqualTo(Cli.OK);
        assertThat(out).contains(queue + ".dead: 1 message\n").containsPattern(id + " +crash +warren.WorkerCrashed +1 ");
        await().atMost(WAIT).until(() -> supervisor.worker().childPids().size() == 3); // the crashed child's replacement (and a spare)
    }

    @Test void listShowsEachDeadLetterAndLeavesThemInPlace() throws Exception {
        String a = publish("no-such-task", "1", 0);
        String b = publish("no-such-task", "2", 0);
        await().atMost(WAIT).until(() -> deadCount() == 2);
        assertThat(run("dead", "list", "--json")).isEqualTo(Cli.OK);
        JsonNode j = Json.MAPPER.readTree(out);
        assertThat(j.get("total").asLong()).isEqualTo(2);
        assertThat(j.get("messages")).extracting(m -> m.get("id").asText()).containsExactlyInAnyOrder(a, b);
        assertThat(j.get("messages")).allSatisfy(m -> {
            assertThat(m.get("reason").asText()).isEqualTo("warren.UnknownTask");
            assertThat(m.get("attempts").asInt()).isEqualTo(1);
            assertThat(m.get("detail").asText()).contains("no-such-task");
            assertThat(m.get("deadAt").asLong()).isPositive();
        });
        assertThat(run("dead", "show", a.substring(0, 13))).isEqualTo(Cli.OK);
        assertThat(out).contains("id        " + a).contains("warren-dead-reason: warren.UnknownTask")
                .contains("body (1 bytes)\n1\n").doesNotContain(b);
        assertThat(deadCount()).isEqualTo(2);
        assertThat(run("dead", "show", "not-an-id")).isEqualTo(Cli.FAILED);
    }

    @Test void replayingAnExpiredTaskRunsItPrintsItsResultAndRemovesItFromDead() throws Exception {
        String id = publish("cube", "3", System.currentTimeMillis() - 60_000);
        await().atMost(WAIT).until(() -> deadCount() == 1);
        assertThat(deadLetters().get(0).reason()).isEqualTo("warren.DeadlineExceeded");
        assertThat(run("dead", "replay", id, "--wait", "30s")).as(err).isEqualTo(Cli.OK);
        assertThat(out).contains("replayed " + id + " cube\n").contains("replayed 1 to " + queue)
                .contains("  " + id + ": ok 27");
        assertThat(deadCount()).isZero();
    }

    @Test void replayingOneIdLeavesTheOthersAndAFailingReplayIsDeadAgainWithItsAttemptsReset() throws Exception {
        String a = publish("no-such-task", "1", 0);
        String b = publish("no-such-task", "2", 0);
        String c = publish("no-such-task", "3", 0);
        await().atMost(WAIT).until(() -> deadCount() == 3);
        assertThat(run("dead", "replay", b, "--wait", "30s")).isEqualTo(Cli.FAILED);
        assertThat(out).contains("  " + b + ": error warren.UnknownTask: ");
        await().atMost(WAIT).until(() -> deadCount() == 3);
        List<DeadLetter> now = deadLetters();
        assertThat(now).extracting(DeadLetter::id).containsExactlyInAnyOrder(a, b, c);
        assertThat(now).allSatisfy(d -> assertThat(d.attempts()).isEqualTo(1));
    }

    @Test void replayAllRepublishesEveryMessageAndAMissingIdIsAFailure() throws Exception {
        publish("no-such-task", "1", 0);
        publish("cube", "2", System.currentTimeMillis() - 60_000);
        await().atMost(WAIT).until(() -> deadCount() == 2);
        assertThat(run("dead", "replay", "--all", "--wait", "30s")).isEqualTo(Cli.FAILED); // the unknown task fails again
        assertThat(out).contains("replayed 2 to " + queue).contains(": ok 8").contains(": error warren.UnknownTask");
        await().atMost(WAIT).until(() -> deadCount() == 1);
        assertThat(run("dead", "replay", "no-such-id")).isEqualTo(Cli.FAILED);
        assertThat(err).contains("no message with id no-such-id");
    }

    @Test void purgeOlderThanKeepsNewerMessagesAndPurgeRemovesAll() throws Exception {
        publish("no-such-task", "1", 0);
        publish("no-such-task", "2", 0);
        await().atMost(WAIT).until(() -> deadCount() == 2);
        assertThat(run("dead", "purge", "--older-than", "1h")).isEqualTo(Cli.OK);
        assertThat(out).isEqualTo("purged 0 from " + queue + ".dead\n");
        List<DeadLetter> letters = deadLetters();
        long oldest = letters.stream().mapToLong(DeadLetter::deadAt).min().orElseThrow();
        long atOldest = letters.stream().filter(d -> d.deadAt() == oldest).count();
        try (BrokerAccess b = BrokerAccess.connect(env, "it")) {
            // as if a minute and a millisecond had passed since the older one was dead-lettered
            assertThat(new DeadLetters(b).purgeOlderThan(Duration.ofMinutes(1), oldest + 60_000)).isEmpty();
            assertThat(new DeadLetters(b).purgeOlderThan(Duration.ofMinutes(1), oldest + 60_001)).hasSize((int) atOldest);
        }
        assertThat(deadCount()).isEqualTo(2 - atOldest);
        assertThat(run("dead", "purge")).isEqualTo(Cli.OK);
        assertThat(deadCount()).isZero();
    }
}
