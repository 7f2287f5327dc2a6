package dev.warren.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * The {@code warren} command line: {@code java -jar warren.jar <command> [args]}.
 *
 * <pre>
 *   warren submit TASK INPUT_JSON [--timeout 10s] [--details]
 *   warren map TASK FILE|- [--chunksize N] [--max-in-flight N] [--timeout 10s]
 *   warren help
 * </pre>
 *
 * Configuration comes from the environment: {@code WARREN_BROKER_URI} (or {@code WARREN_BROKER_URI_FILE},
 * {@code WARREN_BROKER_PASSWORD_FILE}), {@code WARREN_QUEUE}, {@code WARREN_QUEUE_TYPE}.
 * Exit codes: {@value #OK} ok, {@value #FAILED} a task (or the broker) failed, {@value #USAGE} usage error.
 * Commands are registered in {@link Commands}.
 */
public final class Cli {
    /** Success. */
    public static final int OK = 0;
    /** A task failed, timed out, or the broker could not be used. */
    public static final int FAILED = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;

    private Cli() {}

    public static void main(String[] args) {
        // before any logger exists: logs go to stderr at WARN, never into the JSON on stdout
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/warren/cli/logback-cli.xml");
        }
        int code = run(args, System.in, System.out, System.err, System.getenv());
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command with the given streams and environment; returns the exit code. Never calls {@code System.exit}. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        Io io = new Io(in, out, err, env, Terminal.stderrIsTerminal());
        if (args.length == 0) {
            Commands.printUsage(err);
            return USAGE;
        }
        Command command = Commands.find(args[0]);
        if (command == null) {
            err.println("warren: unknown command '" + args[0] + "'");
            Commands.printUsage(err);
            return USAGE;
        }
        try {
            Args parsed = Args.parse(args, 1, command.spec());
            return command.run(parsed, io);
        } catch (UsageException e) {
            err.println("warren " + args[0] + ": " + e.getMessage());
            err.println("usage: warren " + command.usage());
            return USAGE;
        } catch (IllegalArgumentException e) {
            err.println("warren " + args[0] + ": " + e.getMessage());
            return USAGE;
        } catch (RuntimeException e) {
            err.println("error: " + Connect.describe(e));
            return FAILED;
        }
    }
}
