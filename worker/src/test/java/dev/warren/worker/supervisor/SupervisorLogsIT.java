package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.common.ExitCode;
import dev.warren.examples.Examples;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.RemoteTaskException;
import dev.warren.producer.TaskExecutor;
import dev.warren.testing.TestBroker;
import dev.warren.testing.WorkerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a log shipper reads from a real supervisor and its real child JVM. */
class SupervisorLogsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String queue = TestBroker.uniqueQueue("it.logs");
    private WorkerProcess supervisor;
    private TaskExecutor executor;

    @AfterEach
    void cleanUp() throws Exception {
        if (executor != null) executor.close();
        if (supervisor != null) supervisor.close();
        TestBroker.get().deleteTaskQueue(queue);
    }

    private static JsonNode parse(String line) {
        try {
            return STRICT.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not one JSON object: " + line, e);
        }
    }

    @Test
    void withJsonInAnyCaseEverySupervisorAndChildLineIsOneEcsObjectWithTheChildTaskAndTraceAtTheTopLevel() throws Throwable {
        supervisor = WorkerProcess.builder().env(Map.of("WARREN_BROKER_URI", TestBroker.get().uri(), "WARREN_QUEUE", queue,
                "WARREN_CHILDREN", "1", "WARREN_DRAIN_TIMEOUT", "20s", "WARREN_LOG_FORMAT", "JSON",
                "WARREN_SPARE_CHILDREN", "0")).launch(); // one child JVM: every child line is that child's
        try {
            supervisor.awaitConsuming(1, WAIT);
            long childPid = supervisor.pool().children().get(0).pid();
            executor = TaskExecutor.connect(ProducerOptions.builder().uri(TestBroker.get().uri()).queue(queue)
                    .traceContext(() -> "00-" + TRACE + "-b7ad6b7169203331-01").build());
            assertThat(executor.submit(Examples.CUBE, 3).get(30, TimeUnit.SECONDS)).isEqualTo(27);
            String failedTask;
            try {
                executor.submit(Examples.FAIL, "on purpose").get(30, TimeUnit.SECONDS);
                throw new AssertionError("the fail task succeeded");
            } catch (ExecutionException e) {
                failedTask = ((RemoteTaskException) e.getCause()).taskId();
            }
            String taskId = failedTask;
            // the child logs the failure itself; wait for its relayed line before stopping
            await().atMost(WAIT).until(() -> supervisor.output().contains(taskId + "\""));
            supervisor.sigterm(); // drain, more lines from both JVMs
            assertThat(supervisor.awaitExit(WAIT)).as("exit status within %s", WAIT).hasValue(0);

            List<JsonNode> lines = new ArrayList<>();
            for (String line : supervisor.output().split("\n")) {
                if (!line.isBlank()) lines.add(parse(line));
            }
            assertThat(lines).hasSizeGreaterThan(5).allSatisfy(n -> {
                assertThat(n.isObject()).isTrue();
                assertThat(Instant.parse(n.path("@timestamp").asText())).isNotNull();
                assertThat(n.path("log.level").asText()).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
                assertThat(n.path("log.logger").asText()).isNotBlank();
                assertThat(n.path("message").isTextual()).isTrue();
                // a child's line relayed whole, never as the escaped message of another object
                assertThat(n.path("message").asText()).doesNotContain("\"@timestamp\"");
            });

            List<JsonNode> fromChild = lines.stream()
                    .filter(n -> n.path("log.logger").asText().startsWith("dev.warren.worker.child.")).toList();
            assertThat(fromChild).isNotEmpty().allSatisfy(n -> {
                assertThat(n.path("child").asText()).isEqualTo("child-1");
                assertThat(n.path("pid").asText()).isEqualTo(Long.toString(childPid));
            });
            assertThat(fromChild).anySatisfy(n -> assertThat(n.path("message").asText()).startsWith("child ready"));
            assertThat(fromChild).anySatisfy(n -> {
                assertThat(n.path("task").asText()).isEqualTo(taskId);
                assertThat(n.path("trace").asText()).isEqualTo(TRACE);
                assertThat(n.path("message").asText()).contains("fail");
            });

            // the supervisor's own lines: per failed task (with child, pid, task; a task that succeeds is only
            // counted, through the child's slot) and about itself (no child)
            assertThat(lines).anySatisfy(n -> {
                assertThat(n.path("log.logger").asText()).isEqualTo("dev.warren.worker.tasks");
                assertThat(n.path("message").asText()).startsWith("end fail error");
                assertThat(n.path("child").asText()).isEqualTo("child-1");
                assertThat(n.path("pid").asText()).isEqualTo(Long.toString(childPid));
                assertThat(n.path("task").asText()).isEqualTo(taskId);
            });
            assertThat(lines).anySatisfy(n -> {
                assertThat(n.path("log.logger").asText()).isEqualTo(Main.class.getName());
                assertThat(n.has("child")).isFalse();
            });
        } catch (Throwable t) {
            System.out.println("---- supervisor output\n" + supervisor.output());
            throw t;
        }
    }

    @Test
    void anUnknownLogFormatStopsTheSupervisorAtOnceWithOneLineNamingTheSetting() throws Throwable {
        supervisor = WorkerProcess.builder().env(Map.of("WARREN_BROKER_URI", TestBroker.get().uri(), "WARREN_QUEUE", queue,
                "WARREN_CHILDREN", "1", "WARREN_LOG_FORMAT", "xml")).launch();

        assertThat(supervisor.awaitExit(WAIT)).as("exit status within %s", WAIT).hasValue(ExitCode.BAD_SETTING.code());
        Set<String> lines = supervisor.output().lines().filter(l -> !l.isBlank()).collect(Collectors.toSet());
        assertThat(lines).containsExactly("WARREN_LOG_FORMAT=xml is not a log format: use text (the default) or json");
    }
}
