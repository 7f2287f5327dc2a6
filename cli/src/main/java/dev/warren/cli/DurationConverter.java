package dev.warren.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A duration that may be zero: {@link Durations#parse} forms, {@code 0}, or whole days ({@code 7d}) for ages. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override public Duration convert(String value) {
        String v = value.trim();
        if (v.equals("0")) return Duration.ZERO;
        Duration d = v.matches("\\d+d") ? Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1))) : Durations.parse(v);
        if (d == null || d.isNegative()) {
            throw new TypeConversionException("not a duration like 10s, 500ms, 2m, 1h, 7d or PT10S: " + value);
        }
        return d;
    }
}
