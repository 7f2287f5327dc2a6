package dev.warren.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a count option ({@code --chunksize}, {@code --children}, ...): a whole number of at least 1. */
class AtLeastOne implements ITypeConverter<Integer> {
    private final int min;

    AtLeastOne() { this(1); }

    AtLeastOne(int min) { this.min = min; }

    @Override public Integer convert(String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a whole number: " + value);
        }
        if (n < min) throw new TypeConversionException("must be at least " + min + ": " + value);
        return n;
    }

    /** A count option where 0 has a meaning ({@code status --count 0}: never stop). */
    static final class OrZero extends AtLeastOne {
        OrZero() { super(0); }
    }
}
