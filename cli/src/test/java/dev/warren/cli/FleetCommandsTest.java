package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command lines of {@code warren status} and {@code warren dead}, without a broker. */
class FleetCommandsTest {
    private final StringWriter err = new StringWriter();

    private int run(Object command, String... args) {
        return new CommandLine(command).setErr(new PrintWriter(err, true)).setOut(new PrintWriter(new StringWriter(), true))
                .execute(args);
    }

    private static final Map<String, String> NO_BROKER = Map.of("WARREN_BROKER_URI", "amqp://guest:guest@127.0.0.1:1/%2F");

    @Test void replayNeedsAnIdOrAllButNotBoth() {
        assertThat(run(new DeadCommand(NO_BROKER), "replay")).isEqualTo(Cli.USAGE);
        assertThat(err.toString()).contains("Missing required argument");
        assertThat(run(new DeadCommand(NO_BROKER), "replay", "t-1", "--all")).isEqualTo(Cli.USAGE);
    }

    @Test void anUnknownSubcommandOrABadDurationIsAUsageError() {
        assertThat(run(new DeadCommand(NO_BROKER), "resurrect")).isEqualTo(Cli.USAGE);
        assertThat(run(new DeadCommand(NO_BROKER), "purge", "--older-than", "soon")).isEqualTo(Cli.USAGE);
        assertThat(err.toString()).contains("not a duration");
        assertThat(run(new StatusCommand(NO_BROKER), "--interval", "x")).isEqualTo(Cli.USAGE);
    }

    @Test void anUnreachableBrokerFailsWithOneLineNamingIt() {
        assertThat(run(new DeadCommand(NO_BROKER), "list")).isEqualTo(Cli.FAILED);
        assertThat(err.toString()).startsWith("error: ").contains("127.0.0.1:1").doesNotContain("guest:guest");
        assertThat(run(new StatusCommand(NO_BROKER), "--json")).isEqualTo(Cli.FAILED);
    }

    @Test void durationsTakeUnitsDaysAndIso() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(c.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.convert("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.convert("0")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> c.convert("soon")).isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
