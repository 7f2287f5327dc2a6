package dev.warren.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A duration above zero ({@code status --interval}: 0 would refresh in a busy loop), in the forms of {@link Durations#parse}. */
final class PositiveDuration implements ITypeConverter<Duration> {
    @Override public Duration convert(String value) {
        Duration d = Durations.parse(value);
        if (d == null || d.isZero() || d.isNegative()) {
            throw new TypeConversionException("must be a positive duration like 2s, 500ms, 1m or PT2S: " + value);
        }
        return d;
    }
}
