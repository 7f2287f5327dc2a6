package dev.warren.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.warren.cli.fleet.BrokerAccess;
import dev.warren.cli.fleet.DeadLetters;
import dev.warren.cli.fleet.DeadText;
import dev.warren.cli.fleet.ReplayReplies;
import dev.warren.common.internal.DeadLetter;
import dev.warren.common.internal.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code warren dead list|show|replay|purge}: the messages in {@code <queue>.dead}. {@code list} and {@code show}
 * leave them in place; {@code replay} and {@code purge} change the queue and need broker credentials that may
 * read and write it. See {@link DeadLetters} for how each works with plain AMQP 0-9-1, and docs/operations.md.
 */
@Command(name = "dead", mixinStandardHelpOptions = true, description = "Look at, replay or purge the dead letters in <queue>.dead.")
public final class DeadCommand {
    @Spec CommandSpec spec;

    private final Map<String, String> env;

    public DeadCommand() { this(System.getenv()); }

    public DeadCommand(Map<String, String> env) { this.env = env; }

    @Command(name = "list", description = "The first messages (id, task, reason, attempts, last error, when), left in place.")
    int list(@Option(names = "--json", description = "one JSON object") boolean json,
             @Option(names = "--limit", defaultValue = "100", description = "messages shown (default: ${DEFAULT-VALUE})") int limit) {
        return run(broker -> {
            DeadLetters.Listing l = new DeadLetters(broker).list(Math.max(1, limit));
            out().print(json ? toJson(DeadText.json(broker.deadQueue(), l)) + "\n" : text().table(broker.deadQueue(), l));
            return Cli.OK;
        });
    }

    @Command(name = "show", description = "Every message whose id is ID (or starts with it): headers and body. Left in place.")
    int show(@Parameters(paramLabel = "ID") String id) {
        return run(broker -> {
            List<DeadLetters.Message> found = new DeadLetters(broker).show(id);
            if (found.isEmpty()) {
                err().println("warren dead show: no message with id " + id + " in " + broker.deadQueue());
                return Cli.FAILED;
            }
            for (DeadLetters.Message m : found) out().print(text().full(m));
            return Cli.OK;
        });
    }

    /** {@code ID} or {@code --all}. */
    static final class Which {
        @Parameters(paramLabel = "ID", description = "the task id (message_id) to replay") String id;
        @Option(names = "--all", required = true, description = "replay every message") boolean all;
    }

    @Command(name = "replay", description = {"Re-publish to the task queue with the attempt count reset, confirmed, then "
            + "remove from <queue>.dead; a crash meanwhile leaves a duplicate at worst.",
            "The replayed tasks reply to this command, which prints their outcomes for --wait."})
    int replay(@ArgGroup(multiplicity = "1") Which which,
               @Option(names = "--wait", defaultValue = "30s", converter = DurationConverter.class,
                       description = "how long to wait for the replayed tasks' replies (default: ${DEFAULT-VALUE}; 0: do not wait)") Duration wait,
               @Option(names = "--keep-reply-to", description = "keep each task's own reply queue and do not wait") boolean keep) {
        return run(broker -> {
            boolean waiting = !keep && !wait.isZero();
            try (ReplayReplies replies = waiting ? new ReplayReplies(broker) : null) {
                PrintWriter out = out();
                List<DeadLetter> done = new DeadLetters(broker).replay(which.all ? null : which.id,
                        waiting ? replies.queue() : null);
                if (done.isEmpty()) {
                    err().println("warren dead replay: " + (which.all ? "nothing to replay in " : "no message with id " + which.id + " in ")
                            + broker.deadQueue());
                    return which.all ? Cli.OK : Cli.FAILED;
                }
                out.print(text().replayed(done));
                out.println("replayed " + done.size() + " to " + broker.queue());
                if (!waiting) return Cli.OK;
                out.println("waiting up to " + wait.toSeconds() + " s for their replies");
                out.flush();
                List<String> ids = done.stream().map(DeadLetter::id).filter(Objects::nonNull).toList();
                Map<String, ReplayReplies.Outcome> got = replies.await(ids, wait.toMillis());
                long failed = 0;
                for (String id : ids) {
                    ReplayReplies.Outcome o = got.get(id);
                    if (o == null || !o.ok()) failed++;
                    out.println("  " + id + ": " + (o == null ? "no reply yet" : (o.ok() ? "ok " : "error ") + o.text()));
                }
                return failed == 0 ? Cli.OK : Cli.FAILED;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Cli.FAILED;
            }
        });
    }

    @Command(name = "purge", description = "Remove every message, or only those dead-lettered before --older-than.")
    int purge(@Option(names = "--older-than", converter = DurationConverter.class,
            description = "e.g. 7d, 12h, 30m; messages with no time are kept") Duration olderThan) {
        return run(broker -> {
            DeadLetters dead = new DeadLetters(broker);
            long n = olderThan == null ? dead.purgeAll() : dead.purgeOlderThan(olderThan, System.currentTimeMillis()).size();
            out().println("purged " + n + " from " + broker.deadQueue());
            return Cli.OK;
        });
    }

    private int run(Function<BrokerAccess, Integer> action) {
        try (BrokerAccess broker = BrokerAccess.connect(env, "warren-dead")) {
            int code = action.apply(broker);
            out().flush();
            return code;
        } catch (RuntimeException e) {
            err().println("error: " + Connect.describe(e));
            return Cli.FAILED;
        }
    }

    private PrintWriter out() { return spec.commandLine().getOut(); }

    private PrintWriter err() { return spec.commandLine().getErr(); }

    private static DeadText text() { return new DeadText(ZoneId.systemDefault()); }

    private static String toJson(Object node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
