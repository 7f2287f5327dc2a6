package dev.warren.worker.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The bucket bounds of the two task histograms the children fill: run time ({@code warren_task_duration_seconds})
 * and time in queue ({@code warren_task_queue_wait_seconds}). Run-time bounds are {@code WARREN_METRICS_DURATION_SLOS}
 * (or the system property {@code warren.metrics.duration-slos}): durations such as {@code 100ms,1s,30s,5m},
 * comma-separated; by default {@link #DEFAULT_RUN_MS}, extended by doubling until the last finite bucket reaches
 * the hard time limit (and the soft one), so an alert on tasks nearing a limit can fire. A value that does not
 * parse is refused at start ({@link Main}, exit 78).
 */
final class TaskBuckets {
    static final String VARIABLE = "WARREN_METRICS_DURATION_SLOS";
    static final String PROPERTY = "warren.metrics.duration-slos";
    static final long[] DEFAULT_RUN_MS = {1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000,
            120_000, 300_000};
    /**
     * Producers that send {@code warren-published-at} (epoch ms; warren's Java producer does) get sub-second buckets;
     * others carry only the AMQP timestamp (whole seconds), whose waits land in the buckets from a second up.
     */
    static final long[] QUEUE_MS = {5, 25, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000, 300_000, 900_000,
            3_600_000};

    private TaskBuckets() {}

    /** The configured value: the system property if set, else the environment variable (null if neither). */
    static String configured() {
        String p = System.getProperty(PROPERTY);
        return p != null ? p : System.getenv(VARIABLE);
    }

    /** The run-time bounds (ms, ascending): the configured ones, else the defaults reaching both limits. */
    static long[] run(String configured, Duration hardLimit, long softLimitMs) {
        if (configured != null && !configured.isBlank()) return parse(configured);
        long reach = Math.max(hardLimit == null ? 0 : hardLimit.toMillis(), softLimitMs);
        List<Long> out = new ArrayList<>();
        for (long b : DEFAULT_RUN_MS) out.add(b);
        long last = DEFAULT_RUN_MS[DEFAULT_RUN_MS.length - 1];
        while (last < reach) out.add(last = Math.min(last * 2, reach));
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** The one line that explains why {@code value} is refused, or empty when it is fine (unset is fine). */
    static Optional<String> problem(String value) {
        if (value == null || value.isBlank()) return Optional.empty();
        try {
            parse(value);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(VARIABLE + "=" + value + " is refused: " + e.getMessage()
                    + " (use durations such as 100ms,1s,30s,5m, comma-separated)");
        }
    }

    static long[] parse(String value) {
        List<Long> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            long ms = millis(p);
            if (ms <= 0) throw new IllegalArgumentException("'" + p + "' is not above zero");
            out.add(ms);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no duration in it");
        return out.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
    }

    private static long millis(String p) {
        try {
            if (p.startsWith("P") || p.startsWith("p")) return Duration.parse(p).toMillis();
            String num = p.replaceAll("[a-zA-Z]+$", "");
            String unit = p.substring(num.length()).toLowerCase(java.util.Locale.ROOT);
            double v = Double.parseDouble(num);
            double factor = switch (unit) {
                case "ms" -> 1;
                case "s", "" -> 1000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> throw new IllegalArgumentException("'" + p + "' has an unknown unit '" + unit + "'");
            };
            return Math.round(v * factor);
        } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("'" + p + "' is not a duration");
        }
    }

    /** The bounds as the children's system property value. */
    static String property(long[] boundsMs) {
        return String.join(",", Arrays.stream(boundsMs).mapToObj(Long::toString).toList());
    }
}
