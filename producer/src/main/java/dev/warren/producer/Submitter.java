package dev.warren.producer;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.warren.common.TaskType;
import dev.warren.common.internal.Json;
import dev.warren.common.internal.TaskEnvelope;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Turns one input (or chunk) into a published task: size check, envelope (id, deadline, trace
 * context), pending entry with its timeout, publish. Also cancels a task by id. Thread-safe.
 */
final class Submitter {
    private final ProducerOptions options;
    private final PendingTasks pending;
    private final Link link;
    private final BooleanSupplier running;
    private final Supplier<String> trace;

    Submitter(ProducerOptions options, PendingTasks pending, Link link, BooleanSupplier running) {
        this.options = options;
        this.pending = pending;
        this.link = link;
        this.running = running;
        this.trace = options.traceContext().orElse(Trace::newTraceparent);
    }

    static byte[] encode(TaskType<?, ?> type, Object input) {
        Objects.requireNonNull(type, "type");
        try {
            return Json.MAPPER.writeValueAsBytes(input);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode the input of task " + type.name() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    <R> TaskFuture<R> send(TaskType<?, ?> type, byte[] body, int chunk, Duration timeout, Pending.Decoder<R> decoder) {
        if (body.length > options.maxBodyBytes()) {
            throw new IllegalArgumentException("the input of task " + type.name() + " is " + body.length
                    + " bytes as JSON, over the limit of " + options.maxBodyBytes());
        }
        Duration t = timeout != null ? timeout : options.defaultTimeout().orElse(null);
        if (t != null && (t.isNegative() || t.isZero())) throw new IllegalArgumentException("timeout must be positive: " + t);
        Pending<R> p;
        pending.reserve();
        boolean added = false;
        try {
            if (!running.getAsBoolean()) {
                throw new RejectedExecutionException("TaskExecutor " + options.clientId() + " is shut down");
            }
            if (link.broken()) {
                throw new BrokerUnavailableException("the broker at " + options.broker().maskedUri() + " is unreachable");
            }
            String id = UUID.randomUUID().toString();
            long now = System.currentTimeMillis();
            long deadline = t == null ? 0 : now + t.toMillis();
            TaskEnvelope env = new TaskEnvelope(id, type.name(), options.replyQueue(), deadline, 1, chunk,
                    declaredInputType(type), null, traceparent(), null, options.persistent(), now, body);
            p = new Pending<>(id, type.name(), env.toProperties(), body, deadline, new TaskFuture<>(this::cancel, id), decoder);
            pending.add(p, t);
            added = true;
        } finally {
            if (!added) pending.release();
        }
        link.publish(p);
        return p.future;
    }

    private String traceparent() {
        String tp = trace.get();
        return Trace.valid(tp) ? tp : Trace.newTraceparent();
    }

    boolean cancel(String taskId) {
        Pending<?> p = pending.removeForCancel(taskId);
        if (p == null) return false;
        p.future.cancelLocally();
        link.publishCancel(taskId, until(p));
        pending.release();
        return true;
    }

    static long until(Pending<?> p) {
        return p.deadline > 0 ? p.deadline : System.currentTimeMillis() + TimeUnit.HOURS.toMillis(24);
    }


    /**
     * The {@code warren-input-type} header: the declared input type, or none for untyped JSON
     * ({@code JsonNode}, {@code Object}), which any worker's own declared type then decides (docs/protocol.md).
     */
    static String declaredInputType(dev.warren.common.TaskType<?, ?> type) {
        String name = type.inputTypeName();
        return name.equals("com.fasterxml.jackson.databind.JsonNode") || name.equals("java.lang.Object") ? null : name;
    }
}
