package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.warren.testing.TestBroker;
import dev.warren.testing.WorkerPoolExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The {@code warren} command line end to end against the broker and a real supervisor with two children. */
class CliIT {
    @RegisterExtension
    static final WorkerPoolExtension supervisor = WorkerPoolExtension.builder("it.cli").children(2).build();
    private static final String queue = supervisor.queue();
    private final Map<String, String> env = new HashMap<>(supervisor.cliEnv());
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(String stdin, String... args) {
        return Cli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private String out() { return out.toString(StandardCharsets.UTF_8); }

    private static String prometheus() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + supervisor.worker().httpPort() + "/prometheus")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    @Test void submitCube3Prints27() {
        assertThat(cli("", "submit", "cube", "3", "--timeout", "10s")).isEqualTo(Cli.OK);
        assertThat(out()).isEqualTo("27" + System.lineSeparator());
    }

    @Test void submitWithDetailsTellsWhereItRanOnStderr() {
        assertThat(cli("", "submit", "cube", "2", "--details")).isEqualTo(Cli.OK);
        assertThat(out()).isEqualTo("8" + System.lineSeparator());
        assertThat(err.toString(StandardCharsets.UTF_8)).containsPattern("ran on child-\\d+ pid \\d+ on \\S+");
        assertThat(supervisor.worker().childPids().stream().anyMatch(pid -> err.toString(StandardCharsets.UTF_8).contains("pid " + pid)))
                .as("the pid named is one of the worker's children").isTrue();
    }

    @Test void aFailingTaskExitsOneWithTheRemoteErrorOnStderr() {
        assertThat(cli("", "submit", "fail", "boom")).isEqualTo(Cli.FAILED);
        assertThat(out()).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .containsPattern("error: fail failed in child-\\d+").contains("java.lang.IllegalStateException: boom");
    }

    @Test void anInputOverTheBodyLimitIsAUsageError() {
        String big = "\"" + "x".repeat(dev.warren.common.Protocol.DEFAULT_MAX_BODY_BYTES) + "\"";
        assertThat(cli("", "submit", "echo", big)).isEqualTo(Cli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("over the limit of");
        // the next echo is the first one the pool ever ran: the big one was never published
        assertThat(cli("", "submit", "echo", "\"small\"", "--timeout", "30s")).isEqualTo(Cli.OK);
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(prometheus())
                .containsPattern("warren_tasks_completed_total\\{[^}]*task=\"echo\"[^}]*\\} 1\\.0"));
    }

    @Test void mapPrintsOneResultPerInputLineInOrder(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("inputs.jsonl");
        Files.writeString(in, "1\n2\n\n3\n4\n5\n");
        assertThat(cli("", "map", "cube", in.toString(), "--chunksize", "2", "--max-in-flight", "2")).isEqualTo(Cli.OK);
        assertThat(out().lines()).containsExactly("1", "8", "27", "64", "125");
    }

    @Test void mapReadsStdinWhenTheFileIsADash() {
        assertThat(cli("{\"a\":1}\n[2]\n", "map", "echo", "-")).isEqualTo(Cli.OK);
        assertThat(out().lines()).containsExactly("{\"a\":1}", "[2]");
    }

    @Test void theGlobalOptionsOverrideTheEnvironmentsBrokerAndQueue() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        env.put("WARREN_BROKER_URI", "amqp://guest:guest@127.0.0.1:" + closed + "/");
        env.put("WARREN_QUEUE", TestBroker.uniqueQueue("it.cli.nobody"));
        assertThat(cli("", "--uri", TestBroker.get().uri(), "--queue", queue, "submit", "cube", "4")).isEqualTo(Cli.OK);
        assertThat(out()).isEqualTo("64" + System.lineSeparator());
        out.reset();
        assertThat(cli("5\n", "map", "cube", "-", "--uri", TestBroker.get().uri(), "--queue", queue)).isEqualTo(Cli.OK);
        assertThat(out().lines()).containsExactly("125");
    }

    @Test void aSubmitNobodyConsumesTimesOutNamingTheQueuesConsumersAndReadyMessages() {
        String lonely = TestBroker.uniqueQueue("it.cli.lonely");
        try {
            assertThat(cli("", "--queue", lonely, "submit", "cube", "3", "--timeout", "2s")).isEqualTo(Cli.FAILED);
            assertThat(out()).isEmpty();
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: no reply within 2s; queue " + lonely
                    + " has 0 consumers (is a worker running?) and 1 message ready");
        } finally {
            TestBroker.get().deleteTaskQueue(lonely);
        }
    }

    @Test void aMapNobodyServesEndsAfterItsTimeoutNamingTheQueuesConsumersAndReadyMessages() {
        String lonely = TestBroker.uniqueQueue("it.cli.lonely");
        try {
            assertThat(cli("1\n2\n3\n", "map", "cube", "-", "--queue", lonely, "--timeout", "2s")).isEqualTo(Cli.FAILED);
            assertThat(out()).isEmpty();
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: no result within 2s; queue " + lonely
                    + " has 0 consumers (is a worker running?) and 3 messages ready");
            assertThat(cli("", "submit", "cube", "2")).as("the CLI still works in this JVM").isEqualTo(Cli.OK);
        } finally {
            TestBroker.get().deleteTaskQueue(lonely);
        }
    }

    @Test void aMapPastItsDeadlineEndsEvenWhenTheQueueIsServed() {
        assertThat(cli("0.5\n0.5\n0.5\n0.5\n0.5\n0.5\n", "map", "sleep", "-", "--max-in-flight", "1", "--deadline", "1s"))
                .isEqualTo(Cli.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: the map did not end within --deadline 1s; queue " + queue)
                .containsPattern("has [1-9]\\d* consumers? and \\d+ messages? ready").doesNotContain("is a worker running");
    }

    @Test void theShadedJarRunsSubmitCube3() throws Exception {
        File jar = new File("target/warren.jar");
        assumeTrue(jar.isFile(), "target/warren.jar is built by mvn package");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.getPath(), "submit", "cube", "3");
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(stdout).isEqualTo("27\n");
    }
}
