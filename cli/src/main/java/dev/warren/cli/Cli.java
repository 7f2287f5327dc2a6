package dev.warren.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * The {@code warren} command line: {@code java -jar warren.jar [--uri URI] [--queue NAME] COMMAND [ARGS]}.
 *
 * <pre>
 *   warren submit TASK INPUT_JSON [--timeout 60s|none] [--details] [--retries N [--backoff 1s]] [--detach] [--client-id NAME]
 *   warren result ID [--client-id NAME] [--timeout 60s|none] [--details]
 *   warren map TASK FILE|- [--chunksize N] [--max-in-flight N] [--timeout 60s|none] [--deadline D|none]
 *   warren status [--json] [--watch [--interval 2s] [--count N]] [--wait 2500ms]
 *   warren dead list [--json] [--limit N] | show ID | replay ID|--all [--wait 30s] [--keep-reply-to] | purge [--older-than 7d]
 *   warren demo [--children N] [--quick] [--output DIR]
 *   warren bench [--runs N] [--scale full|small|smoke] [--only GROUPS] ...
 *   warren completion [bash|zsh]
 *   warren help [COMMAND]        warren --version        warren COMMAND --help
 * </pre>
 *
 * Parsed by picocli: the commands are {@link WarrenCommand}'s subcommands, the help text's shape
 * is {@link Usage}'s, errors and exit codes are {@link Errors}'. Configuration comes from the
 * environment ({@code WARREN_BROKER_URI}, {@code WARREN_QUEUE}, ...), overridden by {@code --uri}
 * and {@code --queue}. Exit codes: {@value #OK} ok, {@value #FAILED} a task (or the broker)
 * failed, {@value #USAGE} usage error, {@value #CANCELLED} the task was cancelled. docs/cli.md is the reference.
 */
public final class Cli {
    /** Success. */
    public static final int OK = 0;
    /** A task failed, timed out, or the broker could not be used. */
    public static final int FAILED = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** The task was cancelled ({@code submit}, {@code result}). */
    public static final int CANCELLED = 3;

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
        CommandLine cl = commandLine(io);
        int code = cl.execute(args);
        cl.getOut().flush(); // picocli's writers buffer on their own
        cl.getErr().flush();
        out.flush();
        err.flush();
        return code;
    }

    /** The command tree for one run, its help and errors written to the run's streams. */
    static CommandLine commandLine(Io io) {
        Errors errors = new Errors();
        CommandLine cl = new CommandLine(new WarrenCommand(io))
                .setOut(new PrintWriter(io.out(), true))
                .setErr(new PrintWriter(io.err(), true))
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
        Usage.configure(cl);
        return cl;
    }
}
