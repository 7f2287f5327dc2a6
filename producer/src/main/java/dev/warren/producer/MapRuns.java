package dev.warren.producer;

import dev.warren.common.TaskType;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The {@code map} calls of one executor. A call is <em>submitted</em> when {@code map} returns: it has published
 * its first window and holds one reservation in {@link PendingTasks}, so the executor does not terminate while the
 * call may still publish. After {@code shutdown()} every started call is {@linkplain Results#detach() detached}:
 * it reads the rest of its input and publishes it (within its window) as results come in, reader or not, and
 * lets go of its reservation once nothing is left to publish. {@code shutdownNow()} stops them all.
 */
final class MapRuns {
    private final ProducerOptions options;
    private final PendingTasks pending;
    private final Submitter submitter;
    private final Supplier<Lifecycle> state;
    private final Set<Results<?, ?>> started = ConcurrentHashMap.newKeySet();

    MapRuns(ProducerOptions options, PendingTasks pending, Submitter submitter, Supplier<Lifecycle> state) {
        this.options = options;
        this.pending = pending;
        this.submitter = submitter;
        this.state = state;
    }

    <I, O> Stream<O> start(TaskType<I, O> type, Iterable<? extends I> inputs, MapOptions mo, boolean ordered) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(mo, "mapOptions");
        long deadline = mo.timeout().map(t -> System.currentTimeMillis() + t.toMillis()).orElse(0L);
        Duration taskTimeout = mo.taskTimeout().orElse(null);
        pending.reserve();
        if (state.get() != Lifecycle.RUNNING) {
            pending.release();
            throw new RejectedExecutionException("TaskExecutor " + options.clientId() + " is shut down");
        }
        int window = mo.maxInFlight().orElse(options.maxInFlight());
        Chunking chunking = mo.chunksize().map(n -> Chunking.fixed(n, window))
                .orElseGet(() -> new AdaptiveChunks(window, System::nanoTime));
        Results<I, O> run = new Results<>(inputs.iterator(), chunking, ordered, deadline, System::currentTimeMillis,
                (chunk, d) -> send(type, chunking, chunk, d, taskTimeout), this::ended);
        started.add(run);
        run.start();
        follow(run, state.get()); // shutdown() may have looked at the started calls before this one was among them
        return run.stream();
    }

    /**
     * One message: a single input as itself (chunksize 1, or an adaptive chunk of one), else a JSON array of the
     * chunk's inputs. Null, publishing nothing, when an adaptive chunk of several inputs is over the body limit.
     */
    private <I, O> TaskFuture<List<O>> send(TaskType<I, O> type, Chunking chunking, List<I> chunk, long deadline,
                                            Duration taskTimeout) {
        int n = chunk.size();
        boolean single = n == 1 && chunking.singleAsItself();
        byte[] body = single ? Submitter.encode(type, chunk.get(0)) : Submitter.encodeChunk(type, chunk);
        if (n > 1 && body.length > options.maxBodyBytes() && chunking.splits()) return null;
        chunking.encoded(n, body.length);
        Pending.Decoder<List<O>> decoder = single ? Outputs.single(type) : Outputs.chunk(type, n);
        return submitter.sendForMap(type, body, single ? 0 : n, deadline, taskTimeout,
                chunking instanceof AdaptiveChunks ? Outputs.timed(decoder, n, chunking) : decoder);
    }

    private void ended(Results<?, ?> run) {
        if (started.remove(run)) pending.release();
    }

    /** Called after the state moved on: detach (shutdown) or cancel (shutdownNow) every started call. */
    void stateChanged() {
        Lifecycle s = state.get();
        for (Results<?, ?> run : started) follow(run, s);
    }

    private static void follow(Results<?, ?> run, Lifecycle s) {
        if (s == Lifecycle.SHUTDOWN) run.detach();
        else if (s != Lifecycle.RUNNING) run.cancel();
    }
}
