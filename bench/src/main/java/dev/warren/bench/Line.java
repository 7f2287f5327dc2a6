package dev.warren.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of the report: a scenario's warren samples and raw samples (one per run, or one per
 * kill), and its target.
 */
final class Line {
    /** How a target is judged from the medians; null result = no target. */
    interface Target { Boolean met(double warren, double raw); }

    final String id;
    final String unit;
    final String target;
    final Target check;
    final List<Double> warren = new ArrayList<>();
    final List<Double> raw = new ArrayList<>();

    Line(String id, String unit, String target, Target check) {
        this.id = id;
        this.unit = unit;
        this.target = target;
        this.check = check;
    }

    double warrenMedian() { return Stats.median(warren); }

    double rawMedian() { return Stats.median(raw); }

    /** warren / raw; n/a without a raw side or when raw measured 0 (a heap delta lost in GC noise at smoke scale). */
    double ratio() { return raw.isEmpty() || rawMedian() == 0 ? Double.NaN : warrenMedian() / rawMedian(); }

    /** "yes", "no", or "-" when the scenario has no target. */
    String met() {
        if (check == null || warren.isEmpty()) return "-";
        Boolean ok = check.met(warrenMedian(), rawMedian());
        return ok == null ? "-" : ok ? "yes" : "NO";
    }

    static Target ratioAtLeast(double x) { return (w, r) -> w / r >= x; }

    static Target ratioAtMost(double x) { return (w, r) -> w / r <= x; }

    static Target atLeast(double x) { return (w, r) -> w >= x; }

    static Target atMost(double x) { return (w, r) -> w <= x; }
}
