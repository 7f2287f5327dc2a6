package dev.warren.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed command line: positional arguments and {@code --name value} / {@code --name=value}
 * options / {@code --flag}s. {@code -} is a positional argument; {@code --} ends the options.
 */
final class Args {
    /** Which option names take a value and which are flags. */
    record Spec(Set<String> valued, Set<String> flags) {
        static Spec of(String... names) {
            Set<String> valued = new HashSet<>();
            Set<String> flags = new HashSet<>();
            for (String n : names) {
                if (n.endsWith("=")) valued.add(n.substring(0, n.length() - 1)); else flags.add(n);
            }
            return new Spec(valued, flags);
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private final List<String> positional;
    private final Map<String, String> options;
    private final Set<String> flags;

    private Args(List<String> positional, Map<String, String> options, Set<String> flags) {
        this.positional = positional;
        this.options = options;
        this.flags = flags;
    }

    /** Parses {@code args[from..]} against a spec (option names are given without {@code --}, valued ones end in {@code =}). */
    static Args parse(String[] args, int from, Spec spec) {
        List<String> pos = new ArrayList<>();
        Map<String, String> opts = new HashMap<>();
        Set<String> fl = new HashSet<>();
        boolean optionsEnded = false;
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (optionsEnded || !a.startsWith("--")) {
                pos.add(a);
                continue;
            }
            if (a.equals("--")) {
                optionsEnded = true;
                continue;
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (spec.flags().contains(name)) {
                if (value != null) throw new UsageException("--" + name + " takes no value");
                fl.add(name);
            } else if (spec.valued().contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) throw new UsageException("--" + name + " needs a value");
                    value = args[++i];
                }
                opts.put(name, value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return new Args(List.copyOf(pos), Map.copyOf(opts), Set.copyOf(fl));
    }

    List<String> positional() { return positional; }

    /** Requires exactly these positional arguments (names for the message). */
    void expectPositional(String... names) {
        if (positional.size() < names.length) {
            throw new UsageException("missing " + String.join(", ", List.of(names).subList(positional.size(), names.length)));
        }
        if (positional.size() > names.length) {
            throw new UsageException("unexpected argument '" + positional.get(names.length) + "'");
        }
    }

    String positional(int i) { return positional.get(i); }

    boolean flag(String name) { return flags.contains(name); }

    Optional<String> option(String name) { return Optional.ofNullable(options.get(name)); }

    /** An integer option of at least {@code min}, or {@code dflt} when absent. */
    int intOption(String name, int dflt, int min) {
        String v = options.get(name);
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min) throw new UsageException("--" + name + " must be at least " + min + ": " + v);
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number: " + v);
        }
    }

    /** A duration option, or null when absent. */
    Duration durationOption(String name) {
        String v = options.get(name);
        if (v == null) return null;
        Duration d = parseDuration(v);
        if (d == null || d.isZero() || d.isNegative()) {
            throw new UsageException("--" + name + " must be a positive duration like 10s, 500ms, 2m or PT10S: " + v);
        }
        return d;
    }

    /** {@code 10s}, {@code 1.5s}, {@code 500ms}, {@code 2m}, {@code 1h} or ISO-8601; null when unreadable. */
    static Duration parseDuration(String v) {
        String s = v.trim().toLowerCase(java.util.Locale.ROOT);
        Matcher m = DURATION.matcher(s);
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            double ms = switch (m.group(2)) {
                case "ms" -> n;
                case "s" -> n * 1_000;
                case "m" -> n * 60_000;
                default -> n * 3_600_000;
            };
            return Duration.ofMillis(Math.round(ms));
        }
        try {
            return Duration.parse(v.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
