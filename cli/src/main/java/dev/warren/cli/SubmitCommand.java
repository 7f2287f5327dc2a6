package dev.warren.cli;

import dev.warren.common.TaskType;
import dev.warren.common.WarrenException;
import dev.warren.common.WorkerInfo;
import dev.warren.common.internal.Json;
import dev.warren.producer.TaskExecutor;
import dev.warren.producer.TaskResult;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * {@code warren submit TASK INPUT_JSON [--timeout D] [--details]}: submits one task, prints its
 * JSON output on stdout; with {@code --details}, where it ran on stderr (stdout stays the output).
 */
final class SubmitCommand implements Command {
    @Override public String usage() { return "submit TASK INPUT_JSON [--timeout 10s] [--details]"; }
    @Override public String summary() { return "run one task and print its JSON output"; }
    @Override public Args.Spec spec() { return Args.Spec.of("timeout=", "details"); }

    @Override public int run(Args args, Io io) {
        args.expectPositional("TASK", "INPUT_JSON");
        TaskType<Object, Object> type = Catalog.find(args.positional(0));
        Object input = Catalog.parseInput(type, args.positional(1));
        Duration timeout = args.durationOption("timeout");
        boolean details = args.flag("details");
        try (TaskExecutor pool = Connect.connect(Connect.options(io))) {
            TaskResult<Object> r = pool.submitForResult(type, input, timeout).get();
            io.out().println(Json.MAPPER.writeValueAsString(r.value()));
            if (details) io.err().println(where(r));
            return Cli.OK;
        } catch (ExecutionException e) {
            io.err().println("error: " + Connect.describe(e));
            if (details && !Connect.remoteStack(e).isEmpty()) io.err().println(Connect.remoteStack(e));
            return Cli.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            io.err().println("error: interrupted");
            return Cli.FAILED;
        } catch (WarrenException | IOException e) {
            io.err().println("error: " + Connect.describe(e));
            return Cli.FAILED;
        }
    }

    static String where(TaskResult<?> r) {
        WorkerInfo w = r.worker();
        String ran = w.finishedAt() > 0 && w.startedAt() > 0 ? " in " + (w.finishedAt() - w.startedAt()) + " ms" : "";
        return "ran on " + (w.child() == null ? "?" : w.child()) + " pid " + w.pid() + " on "
                + (w.host() == null ? "?" : w.host()) + ran + " (attempt " + r.attempts() + ", task id " + r.taskId()
                + (r.traceparent() == null ? "" : ", traceparent " + r.traceparent()) + ")";
    }
}
