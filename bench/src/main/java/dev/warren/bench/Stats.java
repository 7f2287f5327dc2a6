package dev.warren.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Order statistics of a list of samples (nearest-rank percentiles). */
final class Stats {
    private Stats() {}

    static double median(List<Double> xs) { return percentile(xs, 50); }

    static double min(List<Double> xs) { return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN); }

    static double max(List<Double> xs) { return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN); }

    /** The p-th percentile (0..100) by nearest rank; NaN for no samples. */
    static double percentile(List<Double> xs, double p) {
        if (xs.isEmpty()) return Double.NaN;
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        if (p == 50 && s.size() % 2 == 0) return (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
        int rank = (int) Math.ceil(p / 100.0 * s.size());
        return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
    }

    /** Nanosecond latencies to a percentile in milliseconds. */
    static double percentileMs(long[] nanos, double p) {
        List<Double> ms = new ArrayList<>(nanos.length);
        for (long n : nanos) ms.add(n / 1e6);
        return percentile(ms, p);
    }
}
