package dev.warren.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.warren.common.WorkerInfo;
import dev.warren.common.internal.Json;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.RemoteTaskException;
import dev.warren.producer.TaskResult;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * How {@code submit} and {@code result} end: the output as JSON on stdout (exit {@value Cli#OK}), the error on
 * stderr (exit {@value Cli#FAILED}), or that the task was cancelled (exit {@value Cli#CANCELLED}).
 */
final class Outcome {
    /** The error type of a reply to a task cancelled while it ran. */
    static final String CANCELLED_TYPE = dev.warren.common.Protocol.E_CANCELLED;

    private Outcome() {}

    /**
     * Waits for the future and prints what became of it; {@code waited} names the wait in a timeout's message; the
     * progress printer is closed (its bar's line ended) before anything else is printed.
     */
    static int print(Io io, CompletableFuture<TaskResult<Object>> future, boolean details, Wait waited,
                     ProducerOptions options, TaskProgressPrinter progress) throws JsonProcessingException {
        try {
            TaskResult<Object> r;
            try {
                r = future.get();
            } finally {
                progress.close();
            }
            io.out().println(Json.MAPPER.writeValueAsString(r.value()));
            if (details) io.err().println(where(r));
            return Cli.OK;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof TimeoutException) {
                io.err().println("error: no reply within " + waited + "; "
                        + QueueProbe.describe(options.broker(), options.queue()));
                return Cli.FAILED;
            }
            if (c instanceof CancellationException
                    || c instanceof RemoteTaskException r && CANCELLED_TYPE.equals(r.remoteType())) {
                io.err().println("cancelled: " + Connect.describe(e));
                return Cli.CANCELLED;
            }
            io.err().println("error: " + Connect.describe(e));
            if (details && !Connect.remoteStack(e).isEmpty()) io.err().println(Connect.remoteStack(e));
            return Cli.FAILED;
        } catch (CancellationException e) {
            io.err().println("cancelled: " + (e.getMessage() != null ? e.getMessage() : "the task was cancelled"));
            return Cli.CANCELLED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            io.err().println("error: interrupted");
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
