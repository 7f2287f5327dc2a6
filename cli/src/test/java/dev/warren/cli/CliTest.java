package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.examples.Examples;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line without a broker: dispatch, help, version, completion, usage errors, exit codes, catalogue and progress text. */
class CliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return Cli.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private String err() { return err.toString(StandardCharsets.UTF_8); }

    private String out() { return out.toString(StandardCharsets.UTF_8); }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test void helpPrintsEveryCommandAndExitsZero() {
        assertThat(run(Map.of(), "help")).isEqualTo(Cli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("submit TASK INPUT_JSON").contains("map TASK FILE")
                .contains("WARREN_BROKER_URI");
    }

    @Test void noCommandOrAnUnknownOneIsAUsageError() {
        assertThat(run(Map.of())).isEqualTo(Cli.USAGE);
        assertThat(run(Map.of(), "frobnicate")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("unknown command 'frobnicate'").contains("usage:");
    }

    @Test void badArgumentsAreUsageErrorsWithTheCommandsUsage() {
        assertThat(run(Map.of(), "submit", "cube")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("missing INPUT_JSON").contains("usage: warren submit");
        assertThat(run(Map.of(), "submit", "cube", "three")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("not valid JSON for task cube");
        assertThat(run(Map.of(), "submit", "cube", "3", "--timeout", "never")).isEqualTo(Cli.USAGE);
        assertThat(run(Map.of(), "map", "cube", "/no/such/file")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("no such file");
    }

    @Test void anUnreachableBrokerExitsOneWithTheMaskedUri() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int code = run(Map.of("WARREN_BROKER_URI", "amqp://guest:hunter2@127.0.0.1:" + port + "/"), "submit", "cube", "3");
        assertThat(code).isEqualTo(Cli.FAILED);
        assertThat(err()).contains("guest:****@127.0.0.1:" + port).doesNotContain("hunter2");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test void knownTasksDecodeTypedInputsAndUnknownOnesTakeAnyJson() {
        assertThat(Catalog.find("cube")).isSameAs(Examples.CUBE);
        assertThat(Catalog.parseInput(Examples.CUBE, "3")).isEqualTo(3);
        assertThatThrownBy(() -> Catalog.parseInput(Examples.CUBE, "\"3\"")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Catalog.parseInput(Examples.FAIL, "boom")).isEqualTo("boom");
        assertThat(Catalog.parseInput(Examples.FAIL, "\"quoted\"")).isEqualTo("quoted");
        assertThat(Catalog.find("my.task").inputType()).isEqualTo(JsonNode.class);
        assertThat(Catalog.parseInput(Catalog.find("my.task"), "{\"a\":[1,2]}")).hasToString("{\"a\":[1,2]}");
    }

    @Test void progressTextShowsCountPercentAndRate() {
        assertThat(ProgressBar.render(300, 1000, 1000)).isEqualTo("[#########.....................] 300/1000 30% 300/s");
        assertThat(ProgressBar.render(5, 0, 1000)).isEqualTo("5 done, 5/s");
    }

    @Test void mapHelpPrintsTheMapUsageAndExitsZero() {
        assertThat(run(Map.of(), "map", "--help")).isEqualTo(Cli.OK);
        assertThat(out()).startsWith("usage: warren map TASK FILE|- [OPTIONS]")
                .contains("--chunksize=N|auto", "(default auto", "--max-in-flight=N", "--timeout=DURATION|none", "--deadline=DURATION|none",
                        "--uri=URI", "--queue=NAME", "(default 60s)", "Exit codes:");
        assertThat(err()).isEmpty();
    }

    @Test void everyCommandHasItsOwnHelpOnStdout() {
        for (String command : new String[] {"submit", "map", "demo", "bench", "completion"}) {
            out.reset();
            assertThat(run(Map.of(), command, "--help")).as(command).isEqualTo(Cli.OK);
            assertThat(out()).as(command).startsWith("usage: warren " + command);
            out.reset();
            assertThat(run(Map.of(), "help", command)).as("help " + command).isEqualTo(Cli.OK);
            assertThat(out()).as("help " + command).startsWith("usage: warren " + command);
        }
        assertThat(out()).contains("source <(warren completion bash)");
    }

    @Test void helpDocumentsTheExitCodesAndTheGlobalOptions() {
        assertThat(run(Map.of(), "--help")).isEqualTo(Cli.OK);
        assertThat(out()).contains("usage: warren [OPTIONS] COMMAND [ARGS]", "--uri=URI", "--queue=NAME", "--version")
                .containsPattern("0 +ok").containsPattern("1 +a task failed").containsPattern("2 +the command line")
                .contains("bench", "completion", "demo");
    }

    @Test void versionPrintsTheProjectVersion() {
        String expected = System.getProperty("warren.project.version");
        assertThat(expected).as("set by the cli pom for surefire").isNotBlank();
        assertThat(run(Map.of(), "--version")).isEqualTo(Cli.OK);
        assertThat(out().lines().findFirst()).contains("warren " + expected);
        assertThat(Version.project()).isEqualTo(expected);
    }

    @Test void unknownCommandsGetSuggestions() {
        assertThat(run(Map.of(), "sumbit", "cube", "3")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("unknown command 'sumbit'").contains("submit");
    }

    @Test void theGlobalUriOverridesTheEnvironmentBeforeOrAfterTheCommand() throws Exception {
        int envPort = closedPort();
        int optionPort = closedPort();
        Map<String, String> env = Map.of("WARREN_BROKER_URI", "amqp://guest:guest@127.0.0.1:" + envPort + "/");
        String uri = "amqp://guest:hunter2@127.0.0.1:" + optionPort + "/";
        assertThat(run(env, "--uri", uri, "submit", "cube", "3")).isEqualTo(Cli.FAILED);
        assertThat(err()).contains("guest:****@127.0.0.1:" + optionPort).doesNotContain(":" + envPort).doesNotContain("hunter2");
        err.reset();
        assertThat(run(env, "submit", "cube", "3", "--uri", uri)).isEqualTo(Cli.FAILED);
        assertThat(err()).contains("127.0.0.1:" + optionPort).doesNotContain(":" + envPort);
    }

    @Test void theGlobalOptionsReplaceTheBrokerAndQueueSettingsOfTheEnvironment() {
        Io io = new Io(new ByteArrayInputStream(new byte[0]), System.out, System.err, Map.of("WARREN_BROKER_URI", "amqp://env/",
                "WARREN_BROKER_URI_FILE", "/run/secrets/uri", "WARREN_BROKER_PASSWORD_FILE", "/run/secrets/pw",
                "WARREN_BROKER_ADDRESSES", "n1,n2",
                "WARREN_QUEUE", "env.q", "WARREN_QUEUE_TYPE", "classic"), false);
        assertThat(io.withOverrides(null, null)).isSameAs(io);
        assertThat(io.withOverrides("amqp://cli/", null).env()).containsEntry("WARREN_BROKER_URI", "amqp://cli/")
                .doesNotContainKeys("WARREN_BROKER_URI_FILE", "WARREN_BROKER_PASSWORD_FILE", "WARREN_BROKER_ADDRESSES")
                .containsEntry("WARREN_QUEUE", "env.q");
        assertThat(io.withOverrides(null, "cli.q").env()).containsEntry("WARREN_QUEUE", "cli.q")
                .containsEntry("WARREN_BROKER_URI", "amqp://env/").containsEntry("WARREN_BROKER_PASSWORD_FILE", "/run/secrets/pw")
                .containsEntry("WARREN_QUEUE_TYPE", "classic");
    }

    @Test void theDemoAndTheBenchRefuseAQueueTheyWouldNotUse() {
        assertThat(run(Map.of(), "--queue", "q", "demo")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("warren demo: --queue does not apply");
        assertThat(run(Map.of(), "--queue", "q", "bench")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("warren bench: --queue does not apply");
        assertThat(run(Map.of(), "demo", "--queue", "q")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("warren demo: unknown option --queue");
    }

    @Test void benchSettingsOutOfRangeAreUsageErrors() {
        assertThat(run(Map.of(), "bench", "--scale", "huge", "--worker-jar", "pom.xml")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("warren bench: --scale must be full, small or smoke: huge");
        assertThat(run(Map.of(), "bench", "--only", "map,nonsense", "--worker-jar", "pom.xml")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("unknown scenario nonsense");
        assertThat(run(Map.of(), "bench", "--worker-jar", "no/such.jar")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("worker jar not found");
    }

    @Test void aBadQueueTypeInTheEnvironmentIsAUsageError() {
        assertThat(run(Map.of("WARREN_QUEUE_TYPE", "lazy"), "submit", "cube", "3")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("warren submit: WARREN_QUEUE_TYPE");
    }

    @Test void completionPrintsABashScriptThatBashLoads(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertThat(run(Map.of(), "completion", "bash")).isEqualTo(Cli.OK);
        String script = out();
        assertThat(script).contains("complete -F", "submit", "map", "bench", "--timeout", "--chunksize", "--uri");
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("warren-completion.bash"), script);
        Process bash = new ProcessBuilder("bash", "-c", "source \"$0\" && complete -p warren", file.toString())
                .redirectErrorStream(true).start();
        String said = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(said).isZero();
        assertThat(said).contains("complete").contains("warren");
        assertThat(run(Map.of(), "completion", "fish")).isEqualTo(Cli.USAGE);
    }

    @Test void queueStateNamesConsumersAndReadyMessages() {
        assertThat(QueueProbe.state("warren.tasks", 0, 3))
                .isEqualTo("queue warren.tasks has 0 consumers (is a worker running?) and 3 messages ready");
        assertThat(QueueProbe.state("q", 1, 1)).isEqualTo("queue q has 1 consumer and 1 message ready");
    }
}
