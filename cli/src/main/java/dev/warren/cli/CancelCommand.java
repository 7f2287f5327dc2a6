package dev.warren.cli;

import dev.warren.cli.fleet.BrokerAccess;
import dev.warren.common.Protocol;
import dev.warren.common.WarrenException;
import dev.warren.common.internal.ControlMessage;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code warren cancel ID...}: tells the workers of the queue to cancel these tasks, as {@code future.cancel(true)}
 * does: a queued task is skipped, a running one interrupted (its child killed after the cancel grace period); the
 * producer waiting for it gets {@code warren.Cancelled}. Best effort: it publishes and exits 0; it cannot know
 * whether the id exists or what the task was doing.
 */
@Command(name = "cancel", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Cancel tasks by id: skip them if queued, stop them if running.",
            "The id is the task id (submit --details prints it; so does the producer's TaskFuture.taskId()). "
                    + "Exits 0 once the cancels are published; whoever waits for a task sees it cancelled."})
final class CancelCommand implements Callable<Integer> {
    /** How long workers remember a cancel sent from the command line. */
    static final long REMEMBER_MS = TimeUnit.HOURS.toMillis(24);

    @ParentCommand WarrenCommand parent;
    @Mixin GlobalOptions.Uri uri;
    @Mixin GlobalOptions.Queue queue;

    @Parameters(paramLabel = "ID", arity = "1..*", description = "The ids of the tasks to cancel.")
    String[] ids;

    @Override public Integer call() {
        Io io = parent.io(uri, queue);
        for (String id : ids) {
            if (id.isBlank() || id.length() > 255) {
                io.err().println("error: a task id is 1 to 255 characters, not '" + id + "'");
                return Cli.USAGE;
            }
        }
        try (BrokerAccess broker = BrokerAccess.connect(io.env(), "warren-cli cancel")) {
            var ch = broker.connection().createChannel();
            String exchange = broker.queue() + Protocol.CONTROL_SUFFIX;
            ch.exchangeDeclarePassive(exchange);
            long until = System.currentTimeMillis() + REMEMBER_MS;
            for (String id : ids) {
                ControlMessage.Cancel c = new ControlMessage.Cancel(id, until, true);
                ch.basicPublish(exchange, "", false, c.properties(), c.encode());
                io.out().println("cancel sent for task " + id);
            }
            ch.close();
            return Cli.OK;
        } catch (IOException e) {
            io.err().println("error: cannot publish to " + queue() + Protocol.CONTROL_SUFFIX
                    + " (no worker or producer has declared it: is the queue right?): " + e.getMessage());
            return Cli.FAILED;
        } catch (java.util.concurrent.TimeoutException | WarrenException e) {
            io.err().println("error: " + e.getMessage());
            return Cli.FAILED;
        }
    }

    private String queue() {
        String q = parent.io(uri, queue).env().getOrDefault("WARREN_QUEUE", "");
        return q.isBlank() ? Protocol.DEFAULT_QUEUE : q;
    }
}
