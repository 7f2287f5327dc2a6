package dev.warren.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The rows collected so far, printed as a fixed-width table and optionally written as Markdown. */
final class Report {
    private final Map<String, Line> lines = new LinkedHashMap<>();

    /** The row with this id, created on first use. */
    Line line(String id, String unit, String target, Line.Target check) {
        return lines.computeIfAbsent(id, k -> new Line(id, unit, target, check));
    }

    Line line(String id, String unit) { return line(id, unit, "", null); }

    List<Line> lines() { return List.copyOf(lines.values()); }

    static String num(double v) {
        if (Double.isNaN(v)) return "n/a";
        double a = Math.abs(v);
        if (a >= 100) return String.format(Locale.ROOT, "%,.0f", v);
        if (a >= 10) return String.format(Locale.ROOT, "%.1f", v);
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String spread(List<Double> xs) {
        if (xs.isEmpty()) return "n/a";
        return num(Stats.median(xs)) + " [" + num(Stats.min(xs)) + "-" + num(Stats.max(xs)) + "]";
    }

    void print(PrintStream out) {
        String fmt = "%-34s %-8s %-30s %-30s %-6s %-14s %s%n";
        out.printf(Locale.ROOT, fmt, "scenario", "unit", "warren median [min-max]", "raw median [min-max]", "w/raw",
                "target", "met");
        for (Line l : lines.values()) {
            out.printf(Locale.ROOT, fmt, l.id, l.unit, spread(l.warren), spread(l.raw), num(l.ratio()),
                    l.target.isEmpty() ? "-" : l.target, l.met());
        }
    }

    void writeMarkdown(Path file, String header) throws IOException {
        StringBuilder sb = new StringBuilder(header).append("\n\n");
        sb.append("| scenario | unit | warren median [min-max] | raw median [min-max] | warren/raw | target | met |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (Line l : lines.values()) {
            sb.append("| ").append(l.id).append(" | ").append(l.unit).append(" | ").append(spread(l.warren))
                    .append(" | ").append(spread(l.raw)).append(" | ").append(num(l.ratio())).append(" | ")
                    .append(l.target.isEmpty() ? "-" : l.target).append(" | ").append(l.met()).append(" |\n");
        }
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        Files.writeString(file, sb.toString());
    }
}
