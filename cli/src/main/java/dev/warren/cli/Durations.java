package dev.warren.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them ({@code 10s}, {@code 1.5s}, {@code 500ms}, {@code 2m}, {@code 1h}, ISO-8601) and as the CLI prints them. */
final class Durations {
    private static final Pattern UNITS = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private Durations() {}

    /** The duration, or null when the text is none of the accepted forms. */
    static Duration parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = UNITS.matcher(s);
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            double ms = switch (m.group(2)) {
                case "ms" -> n;
                case "s" -> n * 1_000;
                case "m" -> n * 60_000;
                default -> n * 3_600_000;
            };
            return Duration.ofMillis(Math.round(ms));
        }
        try {
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The shortest of the typed forms that is exact: {@code 500ms}, {@code 1.5s}, {@code 60s}, {@code 2m}, {@code 1h}. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1_000) return ms + "ms";
        if (ms % 1_000 != 0) return (ms / 1_000) + "." + String.format(Locale.ROOT, "%03d", ms % 1_000).replaceFirst("0+$", "") + "s";
        long s = ms / 1_000;
        if (s % 3_600 == 0) return (s / 3_600) + "h";
        if (s % 60 == 0 && s > 60) return (s / 60) + "m";
        return s + "s";
    }
}
