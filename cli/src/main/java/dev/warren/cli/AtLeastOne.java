package dev.warren.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a count option ({@code --chunksize}, {@code --children}, ...): a whole number of at least 1. */
final class AtLeastOne implements ITypeConverter<Integer> {
    @Override public Integer convert(String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a whole number: " + value);
        }
        if (n < 1) throw new TypeConversionException("must be at least 1: " + value);
        return n;
    }
}
