package dev.warren.worker.supervisor;

import java.util.Optional;

/**
 * {@code WARREN_SPARE_CHILDREN} (or the system property {@code warren.spare-children}): how many warm spare children
 * the pool keeps beside its slots ({@link PoolSpares}); default {@value #DEFAULT}, 0 disables them. A value that is
 * not a whole number from 0 to {@value #MAX} is refused at start ({@link Main}, exit 78).
 */
final class SpareChildren {
    static final String VARIABLE = "WARREN_SPARE_CHILDREN";
    static final String PROPERTY = "warren.spare-children";
    static final int DEFAULT = 1;
    static final int MAX = 64;

    private SpareChildren() {}

    /** The configured value: the system property if set, else the environment variable (null if neither). */
    static String configured() {
        String p = System.getProperty(PROPERTY);
        return p != null ? p : System.getenv(VARIABLE);
    }

    /** The number of spares for a value (unset or blank: the default). @throws IllegalArgumentException when refused */
    static int parse(String value) {
        if (value == null || value.isBlank()) return DEFAULT;
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number");
        }
        if (n < 0 || n > MAX) throw new IllegalArgumentException("must be from 0 to " + MAX);
        return n;
    }

    /** The one line that explains why {@code value} is refused, or empty when it is fine. */
    static Optional<String> problem(String value) {
        try {
            parse(value);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(VARIABLE + "=" + value + " is refused: " + e.getMessage()
                    + " (the number of warm spare children; 0 disables them, default " + DEFAULT + ")");
        }
    }
}
