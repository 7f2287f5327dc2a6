package dev.warren.cli;

import dev.warren.cli.fleet.BrokerAccess;
import dev.warren.cli.fleet.DeadLetters;
import dev.warren.cli.fleet.DeadText;
import dev.warren.cli.fleet.ReplayReplies;
import dev.warren.common.internal.DeadLetter;
import dev.warren.common.internal.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warren dead list|show|replay|purge}: the messages in {@code <queue>.dead}. {@code list} and {@code show}
 * leave them in place; {@code replay} and {@code purge} change the queue and need broker credentials that may read
 * and write it. {@link DeadLetters} does the work with plain AMQP 0-9-1; docs/operations.md has the caveats.
 */
@Command(name = "dead", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Look at, replay or purge the dead letters in <queue>.dead.",
        subcommands = {DeadCommand.ListDead.class, DeadCommand.Show.class, DeadCommand.Replay.class, DeadCommand.Purge.class})
final class DeadCommand implements Callable<Integer> {
    @ParentCommand WarrenCommand parent;
    @Spec CommandSpec spec;

    @Override public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Cli.USAGE;
    }

    private static DeadText text() { return new DeadText(ZoneId.systemDefault()); }

    /** What every subcommand has: the broker options and its parent. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand DeadCommand dead;
        @Mixin GlobalOptions.Uri uri;
        @Mixin GlobalOptions.Queue queue;

        Io io() { return dead.parent.io(uri, queue); }

        @Override public Integer call() throws IOException, InterruptedException {
            Io io = io();
            try (BrokerAccess broker = BrokerAccess.connect(io.env(), "warren-dead")) {
                int code = run(broker, new DeadLetters(broker), io.out(), io.err());
                io.out().flush();
                return code;
            }
        }

        abstract int run(BrokerAccess broker, DeadLetters dead, PrintStream out, PrintStream err)
                throws IOException, InterruptedException;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "The first messages (id, task, reason, attempts, when, last error), left in place.")
    static final class ListDead extends Sub {
        @Option(names = "--json", description = "Print one JSON object: queue, total, messages.") boolean json;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", converter = AtLeastOne.class, description = "Messages shown (default ${DEFAULT-VALUE}).")
        int limit;

        @Override int run(BrokerAccess broker, DeadLetters dead, PrintStream out, PrintStream err) throws IOException {
            DeadLetters.Listing l = dead.list(Math.max(1, limit));
            if (json) out.println(Json.MAPPER.writeValueAsString(DeadText.json(broker.deadQueue(), l)));
            else out.print(text().table(broker.deadQueue(), l));
            return Cli.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Every message whose id is ID (or starts with it): properties, headers, body. Left in place.")
    static final class Show extends Sub {
        @Parameters(paramLabel = "ID", description = "The task id (message_id), or its start.") String id;

        @Override int run(BrokerAccess broker, DeadLetters dead, PrintStream out, PrintStream err) {
            List<DeadLetters.Message> found = dead.show(id);
            if (found.isEmpty()) {
                err.println("warren dead show: no message with id " + id + " in " + broker.deadQueue());
                return Cli.FAILED;
            }
            for (DeadLetters.Message m : found) out.print(text().full(m));
            return Cli.OK;
        }
    }

    /** {@code ID} or {@code --all}. */
    static final class Which {
        @Parameters(paramLabel = "ID", description = "The task id (message_id) to replay.") String id;
        @Option(names = "--all", required = true, description = "Replay every message.") boolean all;
    }

    @Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Re-publish to the task queue with the attempt count reset; once the broker confirmed it, "
                    + "remove it from <queue>.dead (a crash meanwhile leaves a duplicate at worst).",
                "The replayed tasks reply to this command, which prints their outcomes (exit 1 if one failed)."})
    static final class Replay extends Sub {
        @ArgGroup(multiplicity = "1") Which which;

        @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
                description = "How long to wait for the replayed tasks' replies (default ${DEFAULT-VALUE}; 0: do not wait).")
        Duration wait;

        @Option(names = "--keep-reply-to", description = "Keep each task's own reply queue; do not wait for replies.")
        boolean keep;

        @Override int run(BrokerAccess broker, DeadLetters dead, PrintStream out, PrintStream err) throws InterruptedException {
            boolean waiting = !keep && !wait.isZero();
            try (ReplayReplies replies = waiting ? new ReplayReplies(broker) : null) {
                List<DeadLetter> done = dead.replay(which.all ? null : which.id, waiting ? replies.queue() : null);
                if (done.isEmpty()) {
                    err.println("warren dead replay: " + (which.all ? "nothing to replay in " : "no message with id "
                            + which.id + " in ") + broker.deadQueue());
                    return which.all ? Cli.OK : Cli.FAILED;
                }
                out.print(text().replayed(done));
                out.println("replayed " + done.size() + " to " + broker.queue());
                if (!waiting) return Cli.OK;
                out.println("waiting up to " + Durations.format(wait) + " for their replies");
                out.flush();
                List<String> ids = done.stream().map(DeadLetter::id).filter(Objects::nonNull).toList();
                Map<String, ReplayReplies.Outcome> got = replies.await(ids, wait.toMillis());
                int failed = 0;
                for (String id : ids) {
                    ReplayReplies.Outcome o = got.get(id);
                    if (o == null || !o.ok()) failed++;
                    out.println("  " + id + ": " + (o == null ? "no reply yet" : (o.ok() ? "ok " : "error ") + o.text()));
                }
                return failed == 0 ? Cli.OK : Cli.FAILED;
            }
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Remove every message, or only those dead-lettered before --older-than.")
    static final class Purge extends Sub {
        @Option(names = "--older-than", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "e.g. 7d, 12h, 30m; messages that carry no time are kept.")
        Duration olderThan;

        @Override int run(BrokerAccess broker, DeadLetters dead, PrintStream out, PrintStream err) {
            long n = olderThan == null ? dead.purgeAll() : dead.purgeOlderThan(olderThan, System.currentTimeMillis()).size();
            out.println("purged " + n + " from " + broker.deadQueue());
            return Cli.OK;
        }
    }
}
