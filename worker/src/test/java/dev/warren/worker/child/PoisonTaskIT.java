package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.Protocol;
import dev.warren.common.internal.Json;
import dev.warren.testing.TestBroker;
import dev.warren.testing.WorkerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import dev.warren.common.BrokerSettings;
import dev.warren.examples.Examples;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.RemoteTaskException;
import dev.warren.producer.TaskExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A task that kills every child that runs it: attempts are counted in the message itself, and
 * after max attempts (3) it is dead-lettered and answered with "worker crashed 3 times", with
 * the exit code and stderr tail a supervisor reported. Children are started here one after the
 * other, as a supervisor would restart them, and the crash notes are published the way it does.
 */
class PoisonTaskIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    WireClient wire;
    final List<TestChild> children = new ArrayList<>();

    @BeforeEach void setUp() throws Exception {
        wire = new WireClient(TestBroker.get().uri(), TestBroker.uniqueQueue("poison-it"));
    }

    @AfterEach void tearDown() throws Exception {
        children.forEach(TestChild::close);
        wire.close();
    }

    @Test void taskThatCrashesEveryChildIsDeadLetteredAfterThreeAttemptsWithTheCrashDetails() throws Exception {
        String poison = wire.publish(wire.task("crash").build(), "42");
        String fine = wire.publish(wire.task("cube").build(), "3");
        List<String> notes = new ArrayList<>();
        for (int attempt = 1; attempt <= 3; attempt++) {
            TestChild c = TestChild.start(ChildConfig.of("child-" + attempt, TestBroker.get().uri(), wire.queue));
            for (String n : notes) c.send(n); // a supervisor hands recent crash notes to every new child
            children.add(c);
            JsonNode start = c.await("start", WAIT);
            while (!start.path("id").asText().equals(poison)) start = c.await("start", WAIT); // re-queued at the tail
            assertThat(start.path("attempt").asInt()).isEqualTo(attempt);
            assertThat(c.awaitExit(WAIT)).isEqualTo(42);
            String tail = c.stderr.toString().lines().filter(l -> l.contains("crash task")).findFirst().orElse("");
            String note = "{\"op\":\"crash\",\"id\":\"" + poison + "\",\"child\":\"child-" + attempt + "\",\"pid\":"
                    + c.process.pid() + ",\"exit\":42,\"signal\":null,\"cause\":\"crash\",\"stderr\":"
                    + Json.MAPPER.writeValueAsString(tail) + "}";
            wire.publishControl(note); // and broadcasts it to the children of every supervisor
            notes.add(note);
        }
        TestChild last = TestChild.start(ChildConfig.of("child-4", TestBroker.get().uri(), wire.queue));
        for (String n : notes) last.send(n);
        children.add(last);
        last.await("ready", WAIT);

        JsonNode err = Json.MAPPER.readTree(wire.awaitReply(poison, WAIT).body());
        assertThat(err.path("type").asText()).isEqualTo(Protocol.E_WORKER_CRASHED);
        assertThat(err.path("message").asText()).contains("worker crashed 3 times running this task")
                .contains("exit code 42").contains("crash task: halting");
        // protocol.md section 6: its stack holds the crashed process's stderr tail
        assertThat(err.path("stack").asText()).contains("crash task: halting").doesNotContain("worker crashed");
        assertThat(err.path("attempts").asInt()).isEqualTo(3);
        WireClient.Message dead = wire.awaitDead(WAIT);
        assertThat(dead.props().getMessageId()).isEqualTo(poison);
        assertThat(dead.header(Protocol.H_DEAD_REASON)).isEqualTo(Protocol.E_WORKER_CRASHED);
        assertThat(dead.header(Protocol.H_DEAD_ATTEMPTS)).isEqualTo(3);
        // the queue kept flowing: the task behind the poison one completed
        assertThat(wire.awaitReply(fine, WAIT).body()).isEqualTo("27");
        assertThat(last.process.isAlive()).isTrue();
    }

    @Test void throughARealSupervisorTheProducerLearnsTheExitCodeAndStderrOfTheCrashes() throws Exception {
        Map<String, String> env = Map.of("WARREN_BROKER_URI", TestBroker.get().uri(), "WARREN_QUEUE", wire.queue,
                "WARREN_CHILDREN", "2");
        try (WorkerProcess s = WorkerProcess.builder().env(env).launch();
             TaskExecutor pool = TaskExecutor.connect(ProducerOptions.builder()
                     .broker(BrokerSettings.of(TestBroker.get().uri())).queue(wire.queue).build())) {
            CompletableFuture<String> poison = pool.submit(Examples.CRASH, 42);
            List<CompletableFuture<Integer>> others = new ArrayList<>();
            for (int i = 1; i <= 20; i++) others.add(pool.submit(Examples.CUBE, i));
            assertThat(poison).failsWithin(Duration.ofSeconds(90)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOfSatisfying(RemoteTaskException.class, e -> {
                        assertThat(e.remoteType()).isEqualTo(Protocol.E_WORKER_CRASHED);
                        assertThat(e.remoteMessage()).contains("worker crashed 3 times running this task")
                                .contains("exit code 42").contains("crash task: halting");
                    });
            for (int i = 1; i <= 20; i++) assertThat(others.get(i - 1).get(60, TimeUnit.SECONDS)).isEqualTo(i * i * i);
            // a producer whose catalogue disagrees with the worker's gets a clear error, not a wrong answer
            dev.warren.common.TaskType<String, Integer> stale = dev.warren.common.TaskType.of("cube", String.class, Integer.class);
            assertThat(pool.submit(stale, "3")).failsWithin(Duration.ofSeconds(60)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOfSatisfying(RemoteTaskException.class, e -> {
                        assertThat(e.remoteType()).isEqualTo(Protocol.E_INPUT_TYPE_MISMATCH);
                        assertThat(e.remoteMessage()).contains("java.lang.Integer").contains("java.lang.String");
                    });
            assertThat(s.isAlive()).isTrue();
        }
    }
}
