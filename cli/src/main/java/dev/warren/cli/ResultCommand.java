package dev.warren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.TaskType;
import dev.warren.common.WarrenException;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.TaskExecutor;
import dev.warren.producer.TaskFuture;
import dev.warren.producer.TaskResult;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code warren result ID [--client-id NAME] [--timeout D|none] [--details] [--progress]}: re-attaches to a task submitted
 * under the same stable client id ({@code warren submit --detach}, or a service's executor) and prints its output
 * as {@code submit} does: the raw JSON output (exit 0), the remote error (exit 1), or that it was cancelled
 * (exit 3). The replies of the client's other tasks stay in its reply queue.
 */
@Command(name = "result", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Wait for the reply of a task submitted earlier with the same client id, and print its JSON output.",
            "Exits 0 with the output, 1 when the task failed or no reply came in time, 3 when it was cancelled."})
final class ResultCommand implements Callable<Integer> {
    /** Named in error messages; the reply does not carry the task's name, and any output prints as raw JSON. */
    static final TaskType<JsonNode, JsonNode> ANY = TaskType.of("task", JsonNode.class, JsonNode.class);

    @ParentCommand WarrenCommand parent;
    @Mixin GlobalOptions.Uri uri;
    @Mixin GlobalOptions.Queue queue;
    @Mixin GlobalOptions.ClientId clientId;

    @Parameters(index = "0", paramLabel = "ID", description = "The task id, as `warren submit --detach` printed it.")
    String id;

    @Option(names = "--timeout", paramLabel = "DURATION|none", defaultValue = SubmitCommand.DEFAULT_TIMEOUT,
            converter = Wait.Converter.class,
            description = "How long to wait for the reply (default ${DEFAULT-VALUE}); none waits forever.")
    Wait timeout;

    @Option(names = "--details", arity = "0", description = "Also print where the task ran on stderr.")
    boolean details;

    @Option(names = "--progress", arity = "0", description = "Show the task's progress on stderr: a bar on a terminal, "
            + "else one line per update, progress DONE/TOTAL [MESSAGE].")
    boolean progress;

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Override public Integer call() throws IOException {
        Io io = parent.io(uri, queue);
        ProducerOptions options = clientId.apply(Connect.options(io)).declareTopology(false).build();
        if (!options.stableClientId()) {
            throw new IllegalArgumentException("result needs --client-id NAME or WARREN_CLIENT_ID: the client id the "
                    + "task was submitted with");
        }
        try (TaskExecutor pool = TaskExecutor.connect(options);
             TaskProgressPrinter printer = new TaskProgressPrinter(io.err(), io.stderrIsTerminal())) {
            CompletableFuture<TaskResult<Object>> f = (CompletableFuture) pool.attachForResult(ANY, id, timeout.limit());
            if (progress) TaskFuture.of(f).onProgress(printer);
            return Outcome.print(io, f, details, timeout, options, printer);
        } catch (WarrenException e) {
            io.err().println("error: " + Connect.describe(e));
            return Cli.FAILED;
        }
    }
}
