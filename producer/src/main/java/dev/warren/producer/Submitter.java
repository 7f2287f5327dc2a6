package dev.warren.producer;

import dev.warren.common.TaskType;
import dev.warren.common.internal.TaskEnvelope;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Turns one input (or chunk) into a published task: size check, admission, envelope (id, deadline, trace
 * context), pending entry with its timeout, publish. The per-task path: thread-safe, no lock of its own.
 */
final class Submitter {
    private final ProducerOptions options;
    private final PendingTasks pending;
    private final Link link;
    private final Supplier<Lifecycle> state;
    private final ProducerTelemetry telemetry;
    private final TaskIds ids = new TaskIds();

    Submitter(ProducerOptions options, PendingTasks pending, Link link, Supplier<Lifecycle> state) {
        this.options = options;
        this.pending = pending;
        this.link = link;
        this.state = state;
        this.telemetry = ProducerTelemetry.of(options);
    }

    /** One input as JSON. @throws IllegalArgumentException when it cannot be encoded */
    static byte[] encode(TaskType<?, ?> type, Object input) {
        return Codec.encode(Objects.requireNonNull(type, "type"), input, false);
    }

    /** A chunk's inputs as a JSON array. @throws IllegalArgumentException when one cannot be encoded */
    static byte[] encodeChunk(TaskType<?, ?> type, java.util.List<?> inputs) {
        return Codec.encode(Objects.requireNonNull(type, "type"), inputs, true);
    }

    /** One task of {@code submit}: its own timeout, or the executor's default (null = that default). */
    <R> TaskFuture<R> send(TaskType<?, ?> type, byte[] body, Duration timeout, Pending.Decoder<R> decoder) {
        return send(type, body, timeout, decoder, null, false);
    }

    /**
     * As {@link #send(TaskType, byte[], Duration, Pending.Decoder)} with a retry policy (null = the type's), or
     * detached: the future completes with the task id once the broker confirmed it, and nothing awaits the reply.
     */
    <R> TaskFuture<R> send(TaskType<?, ?> type, byte[] body, Duration timeout, Pending.Decoder<R> decoder,
                           RetryPolicy retry, boolean detached) {
        Duration t = timeout != null ? timeout : options.defaultTimeout().orElse(null);
        if (t != null && (t.isNegative() || t.isZero())) throw new IllegalArgumentException("timeout must be positive: " + t);
        long now = System.currentTimeMillis();
        return send(type, body, 0, t == null ? 0 : now + t.toMillis(), now, false, decoder, retry, detached);
    }

    /**
     * One message of a started {@code map}: admitted after {@code shutdown()} too. Its deadline is the map's
     * ({@code mapDeadline}, epoch ms, 0 = none) or its own task timeout, whichever comes first.
     */
    <R> TaskFuture<R> sendForMap(TaskType<?, ?> type, byte[] body, int chunk, long mapDeadline, Duration taskTimeout,
                                 Pending.Decoder<R> decoder) {
        Duration t = taskTimeout != null ? taskTimeout : options.defaultTimeout().orElse(null);
        long now = System.currentTimeMillis();
        long own = t == null ? 0 : now + t.toMillis();
        long deadline = mapDeadline > 0 && (own == 0 || mapDeadline < own) ? mapDeadline : own;
        return send(type, body, chunk, deadline, now, true, decoder, null, false);
    }

    private <R> TaskFuture<R> send(TaskType<?, ?> type, byte[] body, int chunk, long deadline, long now,
                                   boolean forStartedMap, Pending.Decoder<R> decoder, RetryPolicy retry,
                                   boolean detached) {
        if (body.length > options.maxBodyBytes()) {
            throw new IllegalArgumentException("the input of task " + type.name() + " is " + body.length
                    + " bytes as JSON, over the limit of " + options.maxBodyBytes());
        }
        Pending<R> p;
        ProducerTelemetry.Started t;
        pending.reserve(); // before the admission check, so the executor cannot terminate under this task
        boolean added = false;
        try {
            admit(forStartedMap);
            if (link.broken()) {
                throw new BrokerUnavailableException("the broker at " + options.broker().maskedUri() + " is unreachable");
            }
            String id = ids.next();
            t = telemetry.start(type.name(), id);
            TaskEnvelope env = new TaskEnvelope(id, type.name(), options.replyQueue(), deadline, 1, chunk,
                    Codec.of(type).declaredInputType, null, t.traceparent, t.tracestate, options.persistent(), now,
                    detached || decoder.readsWorker(), body); // a detached task may be attached for its TaskResult
            p = new Pending<>(id, type.name(), env.toProperties(true), body, deadline, new TaskFuture<>(pending::cancel, id),
                    detached ? idDecoder(id) : decoder);
            RetryPolicy policy = retry != null ? retry : options.retryPolicy(type.name());
            if (detached) p.detached = true;
            else if (policy.maxAttempts() > 1) p.retry = new Retry(policy, p.message().props(), body);
            pending.add(p, deadline == 0 ? null : Duration.ofMillis(deadline - now));
            added = true;
        } finally {
            if (!added) pending.release();
        }
        if (state.get().compareTo(Lifecycle.STOP) >= 0) {
            // shutdownNow() raced this call; if it did not cancel this task, it is not submitted
            if (pending.cancel(p.taskId)) throw rejected();
            return p.future;
        }
        link.publish(p);
        telemetry.published(t, type.name(), p.future);
        return p.future;
    }

    @SuppressWarnings("unchecked")
    private static <R> Pending.Decoder<R> idDecoder(String id) { return reply -> (R) id; }

    private void admit(boolean forStartedMap) {
        Lifecycle s = state.get();
        if (s != Lifecycle.RUNNING && !(forStartedMap && s == Lifecycle.SHUTDOWN)) throw rejected();
    }

    private RejectedExecutionException rejected() {
        return new RejectedExecutionException("TaskExecutor " + options.clientId() + " is shut down");
    }

    /**
     * The {@code warren-input-type} header: the declared input type, or none for untyped JSON
     * ({@code JsonNode}, {@code Object}), which any worker's own declared type then decides (docs/protocol.md).
     */
    static String declaredInputType(TaskType<?, ?> type) {
        String name = type.inputTypeName();
        return name.equals("com.fasterxml.jackson.databind.JsonNode") || name.equals("java.lang.Object") ? null : name;
    }
}
