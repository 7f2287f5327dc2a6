package dev.warren.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a count option where 0 has a meaning ({@code status --count 0}: never stop): a whole number of at least 0. */
final class AtLeastZero implements ITypeConverter<Integer> {
    @Override public Integer convert(String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a whole number: " + value);
        }
        if (n < 0) throw new TypeConversionException("must be at least 0: " + value);
        return n;
    }
}
