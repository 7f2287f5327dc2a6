package dev.warren.cli;

import dev.warren.common.TaskType;
import dev.warren.common.WarrenException;
import dev.warren.common.WorkerInfo;
import dev.warren.common.internal.Json;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.TaskExecutor;
import dev.warren.producer.TaskFuture;
import dev.warren.producer.TaskResult;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code warren submit TASK INPUT_JSON [--timeout D|none] [--details] [--progress]}: submits one task, prints its
 * JSON output on stdout; with {@code --details}, where it ran on stderr (stdout stays the output); with
 * {@code --progress}, the task's progress on stderr ({@link TaskProgressPrinter}).
 * Waits {@value #DEFAULT_TIMEOUT} for the reply unless told otherwise; when that runs out the
 * error says how many consumers the queue has.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Run one task and print its JSON output.",
            "The output goes to stdout; errors and --details go to stderr. A task that fails or times out exits 1."})
final class SubmitCommand implements Callable<Integer> {
    /** How long submit waits for the reply by default. */
    static final String DEFAULT_TIMEOUT = "60s";

    @ParentCommand WarrenCommand parent;
    @Mixin GlobalOptions.Uri uri;
    @Mixin GlobalOptions.Queue queue;

    @Parameters(index = "0", paramLabel = "TASK", completionCandidates = Catalog.Names.class,
            description = "The task's name: one of the examples (${COMPLETION-CANDIDATES}) or any other, which takes any JSON.")
    String task;

    @Parameters(index = "1", paramLabel = "INPUT_JSON",
            description = "The input as JSON, e.g. 3 or '{\"a\":1}'; for a task of string input, plain text is the string.")
    String input;

    @Option(names = "--timeout", paramLabel = "DURATION|none", defaultValue = DEFAULT_TIMEOUT, converter = Wait.Converter.class,
            description = "How long to wait for the reply (default ${DEFAULT-VALUE}); none waits forever. "
                    + "Also the task's deadline: no worker starts it later.")
    Wait timeout;

    @Option(names = "--details", arity = "0", description = "Also print where the task ran (child, pid, host, attempt, task id) on stderr.")
    boolean details;

    @Option(names = "--progress", arity = "0", description = "Show the task's progress on stderr: a bar on a terminal, "
            + "else one line per update, progress DONE/TOTAL [MESSAGE].")
    boolean progress;

    @Override public Integer call() throws IOException {
        Io io = parent.io(uri, queue);
        TaskType<Object, Object> type = Catalog.find(task);
        Object value = Catalog.parseInput(type, input);
        ProducerOptions options = Connect.options(io).build();
        try (TaskExecutor pool = TaskExecutor.connect(options);
             TaskProgressPrinter printer = new TaskProgressPrinter(io.err(), io.stderrIsTerminal())) {
            TaskFuture<TaskResult<Object>> f = TaskFuture.of(pool.submitForResult(type, value, timeout.limit()));
            if (progress) f.onProgress(printer);
            TaskResult<Object> r = f.get();
            printer.close(); // the bar's line ends before the output
            io.out().println(Json.MAPPER.writeValueAsString(r.value()));
            if (details) io.err().println(where(r));
            return Cli.OK;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                io.err().println("error: no reply within " + timeout + "; " + QueueProbe.describe(options.broker(), options.queue()));
                return Cli.FAILED;
            }
            io.err().println("error: " + Connect.describe(e));
            if (details && !Connect.remoteStack(e).isEmpty()) io.err().println(Connect.remoteStack(e));
            return Cli.FAILED;
        } catch (java.util.concurrent.CancellationException e) {
            io.err().println("error: the task was cancelled");
            return Cli.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            io.err().println("error: interrupted");
            return Cli.FAILED;
        } catch (WarrenException e) {
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
