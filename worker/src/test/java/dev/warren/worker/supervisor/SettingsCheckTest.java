package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every documented setting of the supervisor, refused with one line when its value is bad (docs/operations.md). */
class SettingsCheckTest {
    private static final Map<String, String> NO_ENV = Map.of();

    @TempDir Path dir;

    private static SettingsCheck.Result check(Map<String, String> properties) {
        return SettingsCheck.check(properties::get, NO_ENV, false);
    }

    @ParameterizedTest(name = "warren.{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "children | 0 | a whole number from 1 to 1024",
            "children | -2 | a whole number from 1 to 1024",
            "children | two | a whole number from 1 to 1024",
            "children | 2000 | a whole number from 1 to 1024",
            "children | '' | a whole number from 1 to 1024",
            "prefetch | 0 | a whole number from 1 to 65535",
            "prefetch | 70000 | a whole number from 1 to 65535",
            "queue | amq.tasks | 1 to 200 characters, not starting with amq.",
            "queue-type | quorom | quorum or classic (any case)",
            "queue-type | stream | quorum or classic (any case)",
            "max-tasks-per-child | -1 | a whole number of at least 0",
            "max-memory-per-child | 1.5 | a whole number of at least 0",
            "soft-time-limit | -5m | a duration such as 90s, 500ms, 5m, 1h or PT90S, or 0 for none",
            "soft-time-limit | 5 minutes | a duration such as 90s, 500ms, 5m, 1h or PT90S, or 0 for none",
            "hard-time-limit | 1.5s | a duration such as 90s, 500ms, 5m, 1h or PT90S, or 0 for none",
            "cancel-grace | -1s | a duration such as 90s, 500ms, 5m, 1h or PT90S, or 0 for killing at once",
            "initializer | com.example.-Init | a Java class name such as com.example.Warmup",
            "max-initializer-failures | -1 | a whole number of at least 0",
            "child-jvm-options | -Xmx256m Xss512k | does not: the child JVM would take it for its main class",
            "child-jvm-options | -Djavax.net.ssl.trustStore=/no/such/truststore.p12 | /no/such/truststore.p12 does not exist",
            "child-classpath | /no/such/tasks.jar | /no/such/tasks.jar does not exist",
            "child-main-class | 'my main' | a Java class name",
            "drain-timeout | 0 | a duration of at least 1 s",
            "drain-timeout | soon | a duration of at least 1 s",
            "max-attempts | 0 | a whole number from 1 to 1000",
            "max-body-bytes | 0 | a whole number from 1 to 134217728",
            "max-body-bytes | 999999999999 | a whole number from 1 to 134217728",
            "http-port | 70000 | a whole number from -1 to 65535",
            "http-port | http | a whole number from -1 to 65535",
            "supervisor-name | 'two words' | 1 to 200 characters without spaces",
            "announce-interval | 10ms | a duration of at least 100 ms",
    })
    void aBadValueGetsOneLineNamingTheVariableThePropertyTheValueAndWhatIsAllowed(String key, String value, String allowed) {
        SettingsCheck.Result r = check(Map.of("warren." + key, value));

        String variable = "WARREN_" + key.toUpperCase().replace('-', '_');
        assertThat(r.problems()).singleElement().satisfies(line -> assertThat(line)
                .startsWith(variable + "=").contains(value).contains("(warren." + key + ")").contains(allowed)
                .doesNotContain("\n").doesNotContain("Exception"));
    }

    @ParameterizedTest(name = "warren.{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "children | 1", "children | 1024", "prefetch | 1", "prefetch | 65535", "queue-type | QUORUM",
            "queue-type | classic", "soft-time-limit | 0", "soft-time-limit | 90s", "hard-time-limit | PT6M",
            "hard-time-limit | 0", "cancel-grace | 0", "cancel-grace | 500ms", "drain-timeout | 390s", "announce-interval | 100ms", "http-port | 0",
            "http-port | -1", "max-body-bytes | 8388608", "initializer | com.example.Warmup", "queue | warren.tasks",
            "child-jvm-options | -XX:+UseSerialGC -Xmx256m -XX:+ExitOnOutOfMemoryError", "supervisor-name | worker-6d9f8-x2x7q",
            "max-tasks-per-child | 0", "max-initializer-failures | 0", "max-attempts | 3"})
    void aGoodValuePasses(String key, String value) {
        assertThat(check(Map.of("warren." + key, value)).problems()).isEmpty();
    }

    @Test
    void everyBadSettingGetsItsOwnLine() {
        SettingsCheck.Result r = check(Map.of("warren.children", "0", "warren.prefetch", "0", "warren.queue-type", "fast"));

        assertThat(r.problems()).hasSize(3).anySatisfy(l -> assertThat(l).startsWith("WARREN_CHILDREN=0"))
                .anySatisfy(l -> assertThat(l).startsWith("WARREN_PREFETCH=0"))
                .anySatisfy(l -> assertThat(l).startsWith("WARREN_QUEUE_TYPE=fast"));
    }

    @Test
    void everySettingOfTheOperationsGuideIsChecked() throws Exception {
        String doc = Files.readString(Path.of(System.getProperty("user.dir")).getParent().resolve("docs/operations.md"));
        String settings = doc.substring(doc.indexOf("## Settings"), doc.indexOf("## Endpoints"));
        Set<String> documented = java.util.regex.Pattern.compile("^\\| [^|]+ \\| `(WARREN_[A-Z_]+)`", java.util.regex.Pattern.MULTILINE)
                .matcher(settings).results().map(m -> m.group(1)).collect(Collectors.toSet());
        Set<String> checked = SettingsCheck.SETTINGS.stream().map(Setting::variable).collect(Collectors.toSet());
        // checked elsewhere in the same pass: the broker (URI, its files, addresses), the log format and the duration
        // histogram's buckets (TaskBuckets); unchecked on
        // purpose: the initializer's arguments (any text) and the CDS archive (used only when the file exists)
        checked.addAll(List.of("WARREN_BROKER_URI", "WARREN_BROKER_URI_FILE", "WARREN_BROKER_PASSWORD_FILE",
                "WARREN_BROKER_ADDRESSES", "WARREN_LOG_FORMAT", "WARREN_METRICS_DURATION_SLOS", "WARREN_INITARGS",
                "WARREN_CDS_ARCHIVE"));
        assertThat(checked).containsAll(documented);
        assertThat(documented).as("the settings table").hasSizeGreaterThan(20);
    }

    @Test
    void aMalformedBrokerUriOrAddressListIsOneLineNamingTheVariableWithoutThePassword() {
        assertThat(check(Map.of("warren.broker-uri", "http://u:secret@host:5672/")).problems()).singleElement()
                .satisfies(l -> assertThat(l).contains("WARREN_BROKER_URI").contains("amqp://").doesNotContain("secret"));
        assertThat(check(Map.of("warren.broker-uri", "amqp://u:secret@host:port/")).problems()).singleElement()
                .satisfies(l -> assertThat(l).contains("WARREN_BROKER_URI").doesNotContain("secret"));
        assertThat(check(Map.of("warren.broker-addresses", "h1:5672,h1:5672")).problems()).singleElement()
                .satisfies(l -> assertThat(l).contains("WARREN_BROKER_ADDRESSES"));
        assertThat(SettingsCheck.check(Map.<String, String>of()::get, Map.of("WARREN_BROKER_URI_FILE", "/no/such/secret"),
                false).problems()).singleElement().satisfies(l -> assertThat(l).contains("/no/such/secret"));
    }

    @Test
    void withTheEmbeddedBrokerTheBrokerSettingsAreNotChecked() {
        assertThat(SettingsCheck.check(Map.of("warren.broker-uri", "nonsense")::get, NO_ENV, true).problems()).isEmpty();
    }

    @Test
    void anUnknownLogFormatIsAmongTheProblems() {
        assertThat(SettingsCheck.check(Map.<String, String>of()::get, Map.of("WARREN_LOG_FORMAT", "xml"), false).problems())
                .containsExactly("WARREN_LOG_FORMAT=xml is not a log format: use text (the default) or json");
    }

    @Test
    void anExistingClassPathAndTrustStorePass() throws Exception {
        Path jar = Files.createFile(dir.resolve("tasks.jar"));
        Path store = Files.createFile(dir.resolve("truststore.p12"));
        assertThat(check(Map.of("warren.child-classpath", jar + java.io.File.pathSeparator + dir + "/*",
                "warren.child-jvm-options", "-Xmx64m -Djavax.net.ssl.trustStore=" + store)).problems()).isEmpty();
    }

    @Test
    void whatTheCheckAcceptsIsWhatMicronautBindsIncludingABareZeroForADuration() {
        Map<String, String> raw = Map.of("warren.soft-time-limit", "0", "warren.hard-time-limit", "90s",
                "warren.children", " 3 ", "warren.queue-type", "CLASSIC", "warren.announce-interval", "250ms");
        SettingsCheck.Result r = check(raw);
        assertThat(r.problems()).isEmpty();
        Map<String, Object> properties = new HashMap<>(raw);
        properties.putAll(r.canonical());

        try (ApplicationContext ctx = ApplicationContext.run(properties)) {
            SupervisorConfig c = ctx.getBean(SupervisorConfig.class);
            assertThat(c.getSoftTimeLimit()).isZero();
            assertThat(c.getHardTimeLimit()).isEqualTo(Duration.ofSeconds(90));
            assertThat(c.getChildren()).isEqualTo(3);
            assertThat(c.getQueueType()).isEqualTo("classic");
            assertThat(ctx.getProperty("warren.announce-interval", Duration.class)).contains(Duration.ofMillis(250));
        }
    }
}
