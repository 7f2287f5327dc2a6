package dev.warren.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code warren}: the top of the command tree. Holds the global options as given before the
 * command (the commands that use them take them after their name too, see {@link GlobalOptions}),
 * and the streams and environment the run was given. Without a command it prints the usage and exits 2.
 */
@Command(name = "warren", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Submit tasks to a warren pool over RabbitMQ, see the fleet and its dead letters, run the demo, benchmark it.",
            "`warren COMMAND --help` shows a command's options; docs/cli.md is the reference."},
        subcommands = {SubmitCommand.class, ResultCommand.class, CancelCommand.class, MapCommand.class, StatusCommand.class, DeadCommand.class, DemoCommand.class,
            BenchCommand.class, CompletionCommand.class, HelpCommand.class},
        footerHeading = "%nEnvironment (--uri and --queue replace it):%n",
        footer = {
            "  WARREN_BROKER_URI            default amqp://guest:guest@localhost:5672/%%2F",
            "  WARREN_BROKER_URI_FILE       the URI in a file (a mounted secret), if no URI",
            "  WARREN_BROKER_ADDRESSES      a cluster's nodes (host:port,...), for the URI's",
            "  WARREN_BROKER_PASSWORD_FILE  the password in a file; replaces the URI's",
            "  WARREN_QUEUE                 the task queue; default warren.tasks",
            "  WARREN_CLIENT_ID             a stable client id (submit --detach, result)",
            "  WARREN_QUEUE_TYPE            quorum (default) or classic, to declare it",
            "  WARREN_REPLY_QUEUE_TYPE      the reply queue's: quorum or classic",
            "  WARREN_WORKER_JAR            the supervisor's jar (demo, bench)",
            "",
            "Durations: 10s, 1.5s, 500ms, 2m, 1h or ISO-8601 (PT10S).",
            "A --timeout also takes none: wait forever."})
final class WarrenCommand implements Callable<Integer> {
    @Mixin GlobalOptions.Uri uri;
    @Mixin GlobalOptions.Queue queue;

    @Spec CommandSpec spec;

    private final Io io;

    WarrenCommand(Io io) { this.io = io; }

    /**
     * The streams, and the environment with the global options applied: the command's own
     * {@code --uri}/{@code --queue} (null when it has none or was not given) before warren's.
     */
    Io io(GlobalOptions.Uri commandUri, GlobalOptions.Queue commandQueue) {
        return io.withOverrides(first(commandUri == null ? null : commandUri.value, uri.value),
                first(commandQueue == null ? null : commandQueue.value, queue.value));
    }

    /** {@code --queue} as given before the command, or null. */
    String queueBeforeCommand() { return queue.value; }

    private static String first(String a, String b) { return a != null ? a : b; }

    @Override public Integer call() {
        spec.commandLine().usage(io.err());
        return Cli.USAGE;
    }
}
