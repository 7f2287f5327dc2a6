package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command lines of {@code warren status} and {@code warren dead}, without a broker. */
class FleetCommandsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        return Cli.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private String err() { return err.toString(StandardCharsets.UTF_8); }

    private static Map<String, String> noBroker() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return Map.of("WARREN_BROKER_URI", "amqp://guest:secret@127.0.0.1:" + s.getLocalPort() + "/%2F");
        }
    }

    @Test void helpNamesStatusAndDeadAndTheirSubcommands() {
        assertThat(run(Map.of(), "help")).isEqualTo(Cli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("warren status [OPTIONS]").contains("warren dead [OPTIONS] COMMAND");
        assertThat(run(Map.of(), "dead", "--help")).isEqualTo(Cli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("list").contains("show").contains("replay").contains("purge");
        assertThat(run(Map.of(), "dead")).isEqualTo(Cli.USAGE);
    }

    @Test void replayNeedsAnIdOrAllButNotBoth() {
        assertThat(run(Map.of(), "dead", "replay")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("usage: warren dead replay");
        assertThat(run(Map.of(), "dead", "replay", "t-1", "--all")).isEqualTo(Cli.USAGE);
    }

    @Test void anUnknownSubcommandOrABadDurationIsAUsageError() {
        assertThat(run(Map.of(), "dead", "resurrect")).isEqualTo(Cli.USAGE);
        assertThat(run(Map.of(), "dead", "purge", "--older-than", "soon")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("not a duration");
        assertThat(run(Map.of(), "status", "--interval", "x")).isEqualTo(Cli.USAGE);
    }

    @Test void anUnreachableBrokerFailsWithOneLineNamingItWithoutThePassword() throws Exception {
        Map<String, String> env = noBroker();
        assertThat(run(env, "dead", "list")).isEqualTo(Cli.FAILED);
        assertThat(err()).startsWith("error: ").contains("127.0.0.1:").doesNotContain("secret");
        assertThat(run(env, "status", "--json")).isEqualTo(Cli.FAILED);
        assertThat(err()).startsWith("error: ").doesNotContain("secret");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test void durationsTakeUnitsDaysZeroAndIso() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(c.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.convert("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.convert("0")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> c.convert("soon")).isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
