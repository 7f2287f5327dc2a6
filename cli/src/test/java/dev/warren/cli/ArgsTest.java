package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/** How the command line is read (picocli with the CLI's converters and messages), without running a command. */
class ArgsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Io io() {
        return new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), false);
    }

    /** The subcommand object after parsing, its fields set as they would be when it runs. */
    @SuppressWarnings("unchecked")
    private <T> T parse(String... args) {
        ParseResult r = Cli.commandLine(io()).parseArgs(args);
        return (T) r.subcommand().commandSpec().userObject();
    }

    /** Runs the command line (every case here fails before anything connects) and returns stderr. */
    private String usageError(String... args) {
        err.reset();
        assertThat(Cli.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of())).as(String.join(" ", args)).isEqualTo(Cli.USAGE);
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test void positionalArgumentsOptionsAndFlagsAreSeparated() {
        SubmitCommand s = parse("submit", "cube", "--timeout", "10s", "3", "--details");
        assertThat(s.task).isEqualTo("cube");
        assertThat(s.input).isEqualTo("3");
        assertThat(s.details).isTrue();
        assertThat(s.timeout.limit()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test void optionValuesMayFollowAnEqualsSignAndADashIsPositional() {
        MapCommand m = parse("map", "cube", "-", "--chunksize=5");
        assertThat(m.task).isEqualTo("cube");
        assertThat(m.file).isEqualTo("-");
        assertThat(m.chunksize).isEqualTo(5);
        assertThat(this.<MapCommand>parse("map", "cube", "-").chunksize).as("adaptive by default").isNull();
        assertThat(this.<MapCommand>parse("map", "cube", "-", "--chunksize", "auto").chunksize).isNull();
    }

    @Test void doubleDashEndsOptionsSoNegativeNumbersAndDashesPassThrough() {
        SubmitCommand s = parse("submit", "--", "echo", "--details");
        assertThat(s.task).isEqualTo("echo");
        assertThat(s.input).isEqualTo("--details");
        assertThat(s.details).isFalse();
        SubmitCommand negative = parse("submit", "cube", "-3");
        assertThat(negative.input).isEqualTo("-3");
    }

    @Test void globalOptionsMayComeBeforeOrAfterTheCommand() {
        SubmitCommand before = parse("--uri", "amqp://h1/", "--queue", "q1", "submit", "cube", "3");
        assertThat(before.parent.io(before.uri, before.queue).env()).containsEntry("WARREN_BROKER_URI", "amqp://h1/").containsEntry("WARREN_QUEUE", "q1");
        SubmitCommand after = parse("--queue", "q1", "submit", "cube", "3", "--queue", "q2", "--uri", "amqp://h2/");
        assertThat(after.parent.io(after.uri, after.queue).env()).as("after the command wins")
                .containsEntry("WARREN_BROKER_URI", "amqp://h2/").containsEntry("WARREN_QUEUE", "q2");
    }

    @Test void mistakesAreUsageErrors() {
        assertThat(usageError("submit", "cube", "3", "--nope")).contains("warren submit: unknown option --nope");
        assertThat(usageError("submit", "cube", "3", "--timeout")).contains("warren submit: --timeout needs a value");
        assertThat(usageError("submit", "cube", "3", "--details=1")).contains("--details").contains("without '1'");
        assertThat(usageError("map", "cube", "-", "--chunksize", "0")).contains("at least 1: 0");
        assertThat(usageError("map", "cube", "-", "--chunksize", "two")).contains("whole number: two");
        assertThat(usageError("submit", "cube", "3", "--timeout", "soon")).contains("positive duration").contains("soon");
        assertThat(usageError("submit", "cube")).contains("warren submit: missing INPUT_JSON");
        assertThat(usageError("submit", "a", "b", "c")).contains("warren submit: unexpected argument 'c'");
        assertThat(usageError("demo", "--children", "0")).contains("at least 1: 0");
        assertThat(usageError("bench", "--runs", "-1")).contains("at least 1: -1");
    }

    /** Every option with a range refuses what is out of it, in one line naming the option, before anything connects. */
    @Test void everyOptionRefusesABadValueWithOneLineNamingIt() {
        String[][] cases = {
                {"status --interval 0", "'--interval': must be a positive duration like 2s, 500ms, 1m or PT2S: 0"},
                {"status --interval -2s", "'--interval': must be a positive duration"},
                {"status --count -1", "'--count': must be at least 0: -1"},
                {"status --count many", "'--count': must be a whole number: many"},
                {"status --wait soon", "'--wait': not a duration"},
                {"dead list --limit 0", "'--limit': must be at least 1: 0"},
                {"dead purge --older-than soon", "'--older-than': not a duration"},
                {"dead replay --all --wait -1s", "'--wait': not a duration"},
                {"submit cube 3 --uri nonsense", "'--uri': broker URI must start with amqp:// or amqps://: nonsense"},
                {"submit cube 3 --uri amqp://u:secret@h:port/", "'--uri': broker URI: port of h:port must be a number"},
                {"--uri http://h/ status", "'--uri': broker URI must start with amqp://"},
                {"map cube - --max-in-flight 0", "'--max-in-flight': must be at least 1: 0"},
                {"map cube - --deadline 0", "'--deadline': must be a positive duration"},
                {"submit cube 3 --timeout 0", "'--timeout': must be a positive duration"},
                {"bench --broker amqp://h:0/", "'--broker': broker URI: port of h:0 must be a number"},
                {"submit cube 3 --queue amq.x", "queue must be 1..200 characters and not start with amq.: amq.x"},
        };
        for (String[] c : cases) {
            String stderr = usageError(c[0].split(" "));
            assertThat(stderr.lines().findFirst().orElse("")).as(c[0]).contains(c[1]).doesNotContain("secret");
            assertThat(stderr).as(c[0]).doesNotContain("Exception").doesNotContain("	at ");
        }
    }

    @Test void aBadBrokerSettingInTheEnvironmentIsAUsageErrorNamingTheVariable() {
        err.reset();
        int code = Cli.run(new String[] {"submit", "cube", "3"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("WARREN_BROKER_URI", "amqp://u:secret@h:port/"));
        assertThat(code).isEqualTo(Cli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("")).startsWith("warren submit: ")
                .contains("WARREN_BROKER_URI").doesNotContain("secret");
    }

    @Test void durationsReadUnitsAndIso8601() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("PT10S")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("pt10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("10 parsecs")).isNull();
    }

    @Test void durationsPrintAsTheyAreTyped() {
        assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(Durations.format(Duration.ofSeconds(60))).isEqualTo("60s");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1h");
    }

    @Test void submitAndMapWaitSixtySecondsByDefaultAndNoneWaitsForever() {
        SubmitCommand s = parse("submit", "cube", "3");
        assertThat(s.timeout.limit()).isEqualTo(Duration.ofSeconds(60));
        assertThat(((SubmitCommand) parse("submit", "cube", "3", "--timeout", "none")).timeout.forever()).isTrue();
        MapCommand m = parse("map", "cube", "-");
        assertThat(m.timeout.limit()).isEqualTo(Duration.ofSeconds(60));
        assertThat(m.deadline.forever()).isTrue();
        MapCommand forever = parse("map", "cube", "-", "--timeout", "NONE", "--deadline", "10m");
        assertThat(forever.timeout.forever()).isTrue();
        assertThat(forever.deadline.limit()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test void benchKeepsEveryOptionOfItsOwnCommandLine() {
        BenchCommand b = parse("bench", "--runs", "1", "--scale", "small", "--only", "map,payload", "--broker", "amqp://b/",
                "--report", "r.md", "--worker-jar", "w.jar", "--child-jvm-options", "-Xmx64m -XX:+UseSerialGC", "--keep-logs");
        assertThat(b.runs).isEqualTo(1);
        assertThat(b.scale).isEqualTo("small");
        assertThat(b.only).containsExactly("map", "payload");
        assertThat(b.broker).isEqualTo("amqp://b/");
        assertThat(b.report).hasToString("r.md");
        assertThat(b.workerJar).hasToString("w.jar");
        assertThat(b.childJvmOptions).isEqualTo("-Xmx64m -XX:+UseSerialGC");
        assertThat(b.keepLogs).isTrue();
        BenchCommand defaults = parse("bench");
        assertThat(defaults.runs).isEqualTo(dev.warren.bench.BenchArgs.DEFAULT_RUNS);
        assertThat(defaults.scale).isEqualTo("full");
        assertThat(defaults.only).isEmpty();
        assertThat(defaults.childJvmOptions).isEqualTo(dev.warren.bench.BenchArgs.DEFAULT_CHILD_JVM_OPTIONS);
    }
}
