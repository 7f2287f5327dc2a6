package dev.warren.worker.supervisor;

import dev.warren.common.BrokerSettings;
import dev.warren.common.WarrenException;
import dev.warren.worker.child.ChildConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every setting of the supervisor, checked before it starts a child or connects to the broker (docs/operations.md,
 * "Settings"). A bad value gets one line naming the variable, the {@code warren.*} property, the value and what is
 * allowed; {@link Main} prints every such line and exits {@link dev.warren.common.ExitCode#BAD_SETTING}. The values it
 * accepts are handed to Micronaut in their canonical form ({@link Result#canonical()}), so what was checked is what
 * binds (a bare {@code 0} for a duration, for instance, which Micronaut's own converter does not read).
 *
 * <p>Pure apart from reading files the settings name (class path entries, trust stores, secret files).
 */
final class SettingsCheck {
    /** Most children one supervisor keeps. */
    static final int MAX_CHILDREN = 1024;
    /** Most attempts of a crashing task before it is dead-lettered. */
    static final int MAX_ATTEMPTS = 1000;
    private static final Pattern CLASS_NAME =
            Pattern.compile("([\\p{L}_$][\\p{L}\\p{N}_$]*\\.)*[\\p{L}_$][\\p{L}\\p{N}_$]*");
    private static final List<String> FILE_OPTIONS = List.of("-Djavax.net.ssl.trustStore=", "-Djavax.net.ssl.keyStore=");

    /** The checked settings, in the order of docs/operations.md. */
    static final List<Setting> SETTINGS = List.of(
            Setting.text("queue", "1 to 200 characters, not starting with amq.", SettingsCheck::queue),
            Setting.choice("queue-type", "quorum", "classic"),
            Setting.count("children", 1, MAX_CHILDREN),
            Setting.count("prefetch", 1, ChildConfig.MAX_PREFETCH),
            Setting.count("max-tasks-per-child", 0, Integer.MAX_VALUE),
            Setting.count("max-memory-per-child", 0, Long.MAX_VALUE),
            Setting.duration("soft-time-limit", Duration.ZERO, "none"),
            Setting.duration("hard-time-limit", Duration.ZERO, "none"),
            Setting.duration("cancel-grace", Duration.ZERO, "killing at once"),
            Setting.text("initializer", "a Java class name such as com.example.Warmup", SettingsCheck::className),
            Setting.count("max-initializer-failures", 0, Integer.MAX_VALUE),
            Setting.count("spare-children", 0, SpareChildren.MAX),
            Setting.text("child-jvm-options", "JVM options separated by spaces, each starting with -",
                    SettingsCheck::jvmOptions),
            Setting.text("child-classpath", "existing jars or directories separated by " + File.pathSeparator,
                    SettingsCheck::classPath),
            Setting.text("child-main-class", "a Java class name", SettingsCheck::className),
            Setting.duration("drain-timeout", Duration.ofSeconds(1), null),
            Setting.count("max-attempts", 1, MAX_ATTEMPTS),
            Setting.count("max-body-bytes", 1, ChildConfig.MAX_BODY_BYTES),
            Setting.count("http-port", -1, 65535),
            Setting.text("supervisor-name", "1 to 200 characters without spaces", SettingsCheck::supervisorName),
            Setting.duration("announce-interval", Duration.ofMillis(100), null));

    private SettingsCheck() {}

    /**
     * @param problems  one line per bad setting, empty when all are fine
     * @param canonical the accepted {@code warren.*} values in the form Micronaut binds
     */
    record Result(List<String> problems, Map<String, Object> canonical) {
        boolean ok() { return problems.isEmpty(); }
    }

    /**
     * Checks every setting.
     *
     * @param raw            the raw text of a {@code warren.*} property (Micronaut's view: application.yml, {@code -D},
     *                       environment variables), or null when unset
     * @param env            the process environment (the broker's {@code *_FILE} variables, {@code WARREN_LOG_FORMAT})
     * @param embeddedBroker whether {@code --embedded-broker} replaces the broker settings
     */
    static Result check(Function<String, String> raw, Map<String, String> env, boolean embeddedBroker) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> canonical = new LinkedHashMap<>();
        LogFormat.problem(System.getProperty(LogFormat.VARIABLE, env.get(LogFormat.VARIABLE))).ifPresent(problems::add);
        TaskBuckets.problem(System.getProperty(TaskBuckets.PROPERTY, env.get(TaskBuckets.VARIABLE))).ifPresent(problems::add);
        for (Setting s : SETTINGS) {
            String value = raw.apply(s.property());
            s.check(value).ifPresentOrElse(problems::add, () -> {
                if (value != null) canonical.put(s.property(), s.canonical(value));
            });
        }
        if (!embeddedBroker) {
            try {
                broker(raw.apply("warren.broker-uri"), raw.apply("warren.broker-addresses"), env).connectionFactory();
            } catch (WarrenException | IllegalArgumentException e) {
                problems.add(BrokerSettings.mask(e.getMessage()).replace("\n", " "));
            }
        }
        for (String property : List.of("javax.net.ssl.trustStore", "javax.net.ssl.keyStore")) {
            String file = System.getProperty(property);
            if (file != null && !file.isBlank() && !Files.isReadable(Path.of(file))) {
                problems.add("-D" + property + "=" + file + " (TLS, docs/tls.md) is refused: use a readable key store file;"
                        + " this one does not exist or cannot be read");
            }
        }
        return new Result(List.copyOf(problems), canonical);
    }

    /**
     * The broker settings: {@code warren.broker-uri} and {@code warren.broker-addresses} if set, else the environment
     * ({@code WARREN_BROKER_URI}, its {@code *_FILE} secrets, ...).
     *
     * @throws WarrenException when the URI or address list is invalid or a secret file cannot be read (the message
     *                         names the variable)
     */
    static BrokerSettings broker(String uri, String addresses, Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        if (uri != null && !uri.isBlank()) env.put("WARREN_BROKER_URI", uri);
        if (addresses != null && !addresses.isBlank()) env.put("WARREN_BROKER_ADDRESSES", addresses);
        return BrokerSettings.fromEnvironment(env);
    }

    private static Object queue(String q) {
        String v = q.trim();
        return v.length() > 200 || v.startsWith("amq.") ? null : v;
    }

    private static Object className(String name) {
        return CLASS_NAME.matcher(name.trim()).matches() ? name.trim() : null;
    }

    private static Object supervisorName(String name) {
        return name.length() <= 200 && name.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))
                ? name : null;
    }

    private static Object jvmOptions(String options) {
        for (String o : options.trim().split("\\s+")) {
            if (!o.startsWith("-")) {
                throw new IllegalArgumentException("JVM options separated by spaces, each starting with - ('" + o
                        + "' does not: the child JVM would take it for its main class)");
            }
            for (String prefix : FILE_OPTIONS) {
                String file = o.startsWith(prefix) ? o.substring(prefix.length()) : null;
                if (file != null && !Files.isReadable(Path.of(file))) {
                    throw new IllegalArgumentException("a readable file in " + prefix + "... (" + file
                            + " does not exist or cannot be read; docs/tls.md)");
                }
            }
        }
        return options;
    }

    private static Object classPath(String cp) {
        for (String entry : cp.split(Pattern.quote(File.pathSeparator))) {
            if (entry.isBlank()) continue;
            Path p = Path.of(entry.endsWith("*") ? entry.substring(0, entry.length() - 1) + "." : entry);
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("existing jars or directories separated by " + File.pathSeparator
                        + " (" + entry + " does not exist)");
            }
        }
        return cp;
    }
}
