package dev.warren.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** The registry of sub-commands: adding a command is one line in the static block. */
final class Commands {
    private Commands() {}

    private static final Map<String, Command> ALL = new LinkedHashMap<>();

    static {
        ALL.put("submit", new SubmitCommand());
        ALL.put("map", new MapCommand());
        // benchmarks live in their own jar: ./warren bench (bench/target/warren-bench.jar)
        ALL.put("demo", new DemoCommand());
        ALL.put("help", new HelpCommand());
    }

    /** The command of this name, or null. */
    static Command find(String name) {
        if (name.equals("--help") || name.equals("-h")) return ALL.get("help");
        return ALL.get(name);
    }

    static void printUsage(PrintStream out) {
        out.println("usage: java -jar warren.jar <command> [arguments]");
        out.println();
        for (Map.Entry<String, Command> e : ALL.entrySet()) {
            out.printf("  %-8s %s%n", e.getKey(), e.getValue().summary());
            out.printf("           warren %s%n", e.getValue().usage());
        }
        out.println();
        out.println("environment: WARREN_BROKER_URI (default amqp://guest:guest@localhost:5672/%2F), WARREN_BROKER_URI_FILE,");
        out.println("             WARREN_BROKER_PASSWORD_FILE, WARREN_QUEUE (default warren.tasks), WARREN_QUEUE_TYPE (quorum|classic)");
        out.println("durations:   10s, 500ms, 2m, 1h or ISO-8601 (PT10S)");
        out.println("exit codes:  0 ok, 1 a task failed (or the broker is unreachable), 2 usage error");
    }

    /** {@code warren help}: prints the usage of every command on stdout. */
    static final class HelpCommand implements Command {
        @Override public String usage() { return "help"; }
        @Override public String summary() { return "print this help"; }
        @Override public Args.Spec spec() { return Args.Spec.of(); }
        @Override public int run(Args args, Io io) {
            printUsage(io.out());
            return Cli.OK;
        }
    }
}
