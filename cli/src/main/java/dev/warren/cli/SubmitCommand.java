package dev.warren.cli;

import dev.warren.common.TaskType;
import dev.warren.common.WarrenException;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.RetryPolicy;
import dev.warren.producer.TaskExecutor;
import dev.warren.producer.TaskFuture;
import dev.warren.producer.TaskResult;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code warren submit TASK INPUT_JSON [--timeout D|none] [--details] [--retries N --backoff D] [--detach] [--progress]}: submits
 * one task, prints its JSON output on stdout; with {@code --details}, where it ran on stderr (stdout stays the
 * output). Waits {@value #DEFAULT_TIMEOUT} for the reply unless told otherwise; when that runs out the error says
 * how many consumers the queue has. With {@code --detach} it prints only the task id once the broker confirmed the
 * task, for a later {@code warren result ID} with the same {@code --client-id}.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Run one task and print its JSON output (or, with --detach, its id).",
            "The output goes to stdout; errors and --details go to stderr. A task that fails or times out exits 1,"
                + " one that was cancelled exits 3."})
final class SubmitCommand implements Callable<Integer> {
    /** How long submit waits for the reply by default. */
    static final String DEFAULT_TIMEOUT = "60s";
    /** The longest backoff between attempts, unless {@code --backoff} is longer. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    @ParentCommand WarrenCommand parent;
    @Spec CommandSpec spec;
    @Mixin GlobalOptions.Uri uri;
    @Mixin GlobalOptions.Queue queue;
    @Mixin GlobalOptions.ClientId clientId;

    @Parameters(index = "0", paramLabel = "TASK", completionCandidates = Catalog.Names.class,
            description = "The task's name: one of the examples (${COMPLETION-CANDIDATES}) or any other, which takes any JSON.")
    String task;

    @Parameters(index = "1", paramLabel = "INPUT_JSON",
            description = "The input as JSON, e.g. 3 or '{\"a\":1}'; for a task of string input, plain text is the string.")
    String input;

    @Option(names = "--timeout", paramLabel = "DURATION|none", defaultValue = DEFAULT_TIMEOUT, converter = Wait.Converter.class,
            description = "How long to wait for the reply (default ${DEFAULT-VALUE}); none waits forever. "
                    + "Also the task's deadline: no worker starts it later (with --detach: only when given).")
    Wait timeout;

    @Option(names = "--details", arity = "0", description = "Also print where the task ran (child, pid, host, attempt, task id) on stderr.")
    boolean details;

    @Option(names = "--progress", arity = "0", description = "Show the task's progress on stderr: a bar on a terminal, "
            + "else one line per update, progress DONE/TOTAL [MESSAGE].")
    boolean progress;

    @Option(names = "--detach", arity = "0", description = "Print only the task id once the broker confirmed the task, "
            + "and exit; `warren result ID` gets its output. Needs --client-id or WARREN_CLIENT_ID.")
    boolean detach;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "0",
            description = "Submit the task again up to N times after a retryable error (default ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--backoff", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "The delay before the first retry, doubling with each (at most 30s), with jitter (default ${DEFAULT-VALUE}).")
    Duration backoff;

    @Override public Integer call() throws IOException {
        Io io = parent.io(uri, queue);
        TaskType<Object, Object> type = Catalog.find(task);
        Object value = Catalog.parseInput(type, input);
        RetryPolicy retry = retryPolicy();
        ProducerOptions options = clientId.apply(Connect.options(io)).build();
        if (detach && !options.stableClientId()) {
            throw new IllegalArgumentException("--detach needs --client-id NAME or WARREN_CLIENT_ID, so that "
                    + "`warren result ID` can find the reply");
        }
        try (TaskExecutor pool = TaskExecutor.connect(options);
             TaskProgressPrinter printer = new TaskProgressPrinter(io.err(), io.stderrIsTerminal())) {
            if (detach) return detached(io, pool, type, value);
            TaskFuture<TaskResult<Object>> f = TaskFuture.of(pool.submitForResult(type, value, timeout.limit(), retry));
            if (progress) f.onProgress(printer);
            return Outcome.print(io, f, details, timeout, options, printer);
        } catch (WarrenException e) {
            io.err().println("error: " + Connect.describe(e));
            return Cli.FAILED;
        }
    }

    private RetryPolicy retryPolicy() {
        if (retries < 0) throw new IllegalArgumentException("--retries must be 0 or more: " + retries);
        if (detach && retries > 0) {
            throw new IllegalArgumentException("--retries needs a submit that waits for the reply; not with --detach");
        }
        if (backoff.isZero() || backoff.isNegative()) throw new IllegalArgumentException("--backoff must be positive: " + backoff);
        return RetryPolicy.builder().maxAttempts(retries + 1)
                .backoff(backoff, backoff.compareTo(MAX_BACKOFF) > 0 ? backoff : MAX_BACKOFF).build();
    }

    private int detached(Io io, TaskExecutor pool, TaskType<Object, Object> type, Object value) {
        boolean deadline = spec.commandLine().getParseResult().hasMatchedOption("--timeout");
        try {
            io.out().println(pool.submitDetached(type, value, deadline ? timeout.limit() : null).get());
            return Cli.OK;
        } catch (ExecutionException e) {
            io.err().println("error: " + Connect.describe(e));
            return Cli.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            io.err().println("error: interrupted");
            return Cli.FAILED;
        }
    }
}
