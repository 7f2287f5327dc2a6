package dev.warren.worker.supervisor;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code WARREN_LOG_FORMAT}: {@code text} (the default) or {@code json}, in any case.
 *
 * <p>Logback's configuration ({@code logback.xml}, read by the supervisor and by every child JVM)
 * asks this class, through {@code <define>}, which appender to use; a value it does not know
 * gives {@code text}, so a typo never silences the log. The supervisor refuses such a value at
 * start ({@link Main}) before it starts any child. Public only because Logback instantiates it.
 */
public final class LogFormat extends PropertyDefinerBase {
    /** The environment variable (or system property) that names the format. */
    public static final String VARIABLE = "WARREN_LOG_FORMAT";

    /** Logback's hook: the name of the appender in {@code logback.xml}, {@code text} or {@code json}. */
    @Override
    public String getPropertyValue() {
        return appender(configured()).orElse("text");
    }

    /** The configured value: the system property if set, else the environment variable (null if neither). */
    static String configured() {
        String property = System.getProperty(VARIABLE);
        return property != null ? property : System.getenv(VARIABLE);
    }

    /** {@code text} or {@code json} for a known value (unset or blank = text), empty for anything else. */
    static Optional<String> appender(String value) {
        if (value == null || value.isBlank()) return Optional.of("text");
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("text") || v.equals("json") ? Optional.of(v) : Optional.empty();
    }

    /** The one line that explains why {@code value} is refused, or empty when it is fine. */
    static Optional<String> problem(String value) {
        if (appender(value).isPresent()) return Optional.empty();
        return Optional.of(VARIABLE + "=" + value + " is not a log format: use text (the default) or json");
    }
}
