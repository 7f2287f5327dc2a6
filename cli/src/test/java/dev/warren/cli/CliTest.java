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

/** The command line without a broker: dispatch, usage errors, exit codes, catalogue and progress text. */
class CliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return Cli.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private String err() { return err.toString(StandardCharsets.UTF_8); }

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
        assertThatThrownBy(() -> Catalog.parseInput(Examples.CUBE, "\"3\"")).isInstanceOf(UsageException.class);
        assertThat(Catalog.parseInput(Examples.FAIL, "boom")).isEqualTo("boom");
        assertThat(Catalog.parseInput(Examples.FAIL, "\"quoted\"")).isEqualTo("quoted");
        assertThat(Catalog.find("my.task").inputType()).isEqualTo(JsonNode.class);
        assertThat(Catalog.parseInput(Catalog.find("my.task"), "{\"a\":[1,2]}")).hasToString("{\"a\":[1,2]}");
    }

    @Test void progressTextShowsCountPercentAndRate() {
        assertThat(ProgressBar.render(300, 1000, 1000)).isEqualTo("[#########.....................] 300/1000 30% 300/s");
        assertThat(ProgressBar.render(5, 0, 1000)).isEqualTo("5 done, 5/s");
    }
}
