package dev.warren.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How long a command waits: a positive duration, or {@code none} (forever).
 *
 * @param limit the duration; null = forever
 */
record Wait(Duration limit) {
    static final Wait FOREVER = new Wait(null);

    boolean forever() { return limit == null; }

    /** The limit as typed, e.g. {@code 60s}; {@code none} for forever. */
    @Override public String toString() { return limit == null ? "none" : Durations.format(limit); }

    /** Reads {@code --timeout} and the like: {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code PT10S} or {@code none}. */
    static final class Converter implements ITypeConverter<Wait> {
        @Override public Wait convert(String value) {
            if (value.trim().equalsIgnoreCase("none")) return FOREVER;
            Duration d = Durations.parse(value);
            if (d == null || d.isZero() || d.isNegative()) {
                throw new TypeConversionException("must be a positive duration like 10s, 500ms, 2m or PT10S, or none: " + value);
            }
            return new Wait(d);
        }
    }
}
