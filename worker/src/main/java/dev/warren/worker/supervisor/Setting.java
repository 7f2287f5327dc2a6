package dev.warren.worker.supervisor;

import io.micronaut.core.convert.ConversionService;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * One {@code warren.*} setting and what it allows: its property name, the environment variable Micronaut maps onto it,
 * and a parser that turns the raw text into the canonical value the supervisor binds (or refuses it).
 * {@link #check(String)} returns the one line that explains a refusal. Immutable.
 */
final class Setting {
    private final String key;
    private final String allowed;
    private final Function<String, Object> parser;

    /**
     * @param key     the property name without {@code warren.}, e.g. {@code max-tasks-per-child}
     * @param allowed what is allowed, as the refusal line says it ("a whole number from 1 to 1024")
     * @param parser  the canonical value, or null when the text is refused; it may throw
     *                {@link IllegalArgumentException} whose message replaces {@code allowed}
     */
    private Setting(String key, String allowed, Function<String, Object> parser) {
        this.key = key;
        this.allowed = allowed;
        this.parser = parser;
    }

    /** The property: {@code warren.max-tasks-per-child}. */
    String property() { return "warren." + key; }

    /** The environment variable: {@code WARREN_MAX_TASKS_PER_CHILD}. */
    String variable() { return "WARREN_" + key.toUpperCase(Locale.ROOT).replace('-', '_'); }

    /** What the setting allows. */
    String allowed() { return allowed; }

    /** A whole number from {@code min} to {@code max}. */
    static Setting count(String key, long min, long max) {
        String allowed = max == Integer.MAX_VALUE || max == Long.MAX_VALUE
                ? "a whole number of at least " + min : "a whole number from " + min + " to " + max;
        return new Setting(key, allowed, raw -> {
            try {
                long n = Long.parseLong(raw.trim());
                return n < min || n > max ? null : Long.toString(n);
            } catch (NumberFormatException e) {
                return null;
            }
        });
    }

    /**
     * A duration of at least {@code min}: {@code 90s}, {@code 500ms}, {@code 5m}, {@code 1h}, {@code 2d}, ISO-8601
     * ({@code PT90S}), or {@code 0} when {@code min} is zero (Micronaut's converter does not read a bare {@code 0}, so the
     * canonical value is the ISO form, which it does).
     */
    static Setting duration(String key, Duration min, String zeroMeans) {
        String allowed = min.isZero()
                ? "a duration such as 90s, 500ms, 5m, 1h or PT90S, or 0 for " + zeroMeans
                : "a duration of at least " + text(min) + " such as 90s, 500ms, 5m, 1h or PT90S";
        return new Setting(key, allowed, raw -> {
            Optional<Duration> d = parseDuration(raw);
            return d.isEmpty() || d.get().compareTo(min) < 0 ? null : d.get().toString();
        });
    }

    /** One of {@code choices}, in any case; the canonical value is the lower-case choice. */
    static Setting choice(String key, String... choices) {
        String allowed = String.join(" or ", choices) + " (any case)";
        return new Setting(key, allowed, raw -> {
            String v = raw.trim().toLowerCase(Locale.ROOT);
            return Arrays.asList(choices).contains(v) ? v : null;
        });
    }

    /** Text checked by {@code check} (null = refused, or an {@link IllegalArgumentException}); blank means unset. */
    static Setting text(String key, String allowed, Function<String, Object> check) {
        return new Setting(key, allowed, raw -> raw.isBlank() ? raw : check.apply(raw));
    }

    /**
     * Checks a raw value: empty when it is fine (or unset), else the one line naming the variable, the property, the
     * value and what is allowed.
     */
    Optional<String> check(String raw) {
        if (raw == null) return Optional.empty();
        String why = allowed;
        try {
            if (parser.apply(raw) != null) return Optional.empty();
        } catch (IllegalArgumentException e) {
            why = e.getMessage();
        }
        return Optional.of(refusal(variable(), property(), raw, why));
    }

    /** The canonical value of an accepted raw value (what Micronaut then binds). */
    Object canonical(String raw) { return parser.apply(raw); }

    /** {@code WARREN_CHILDREN=0 (warren.children) is refused: use a whole number from 1 to 1024}. */
    static String refusal(String variable, String property, String raw, String allowed) {
        String shown = raw.isBlank() || !raw.strip().equals(raw) || raw.contains(" ") ? '"' + raw + '"' : raw;
        shown = shown.replace("\n", "\\n");
        return variable + "=" + shown + (property == null ? "" : " (" + property + ")") + " is refused: use " + allowed;
    }

    /** Micronaut's reading of a duration, plus a bare {@code 0}; negative durations are refused. */
    static Optional<Duration> parseDuration(String raw) {
        String v = raw.trim();
        if (v.equals("0")) return Optional.of(Duration.ZERO);
        Optional<Duration> d = v.isEmpty() ? Optional.empty() : ConversionService.SHARED.convert(v, Duration.class);
        return d.filter(x -> !x.isNegative());
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
