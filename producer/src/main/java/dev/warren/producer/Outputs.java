package dev.warren.producer;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.warren.common.TaskType;
import dev.warren.common.WarrenException;
import dev.warren.common.WorkerInfo;
import dev.warren.common.internal.ReplyEnvelope;
import dev.warren.common.internal.ScalarJson;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** Turns replies into values: a single output, a {@link TaskResult}, or a chunk's list of outputs. */
final class Outputs {
    private Outputs() {}

    /** The decoders of one task type, made once (a decoder per task was a lambda and a type lookup per task). */
    private record Decoders<O>(Pending.Decoder<O> value, Pending.Decoder<TaskResult<O>> result,
                               Pending.Decoder<List<O>> single) {}

    private static final ConcurrentHashMap<TaskType<?, ?>, Decoders<?>> DECODERS = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    private static <O> Decoders<O> decoders(TaskType<?, O> type) {
        Decoders<?> d = DECODERS.get(type);
        if (d == null) {
            if (DECODERS.size() >= 256) DECODERS.clear(); // task types made on the fly must not grow it forever
            d = DECODERS.computeIfAbsent(type, t -> {
                Codec c = Codec.of(t);
                Pending.Decoder<O> value = new Value<>(type, c);
                return new Decoders<>(value,
                        reply -> new TaskResult<>(value.decode(reply), reply.taskId(), reply.attempt(), reply.worker(),
                                reply.traceparent()),
                        new Single<>(value));
            });
        }
        return (Decoders<O>) d;
    }

    /** A plain output: reads no worker headers of an ok reply (an error's it keeps, for its exception). */
    private record Value<O>(TaskType<?, O> type, Codec codec) implements Pending.Decoder<O> {
        @Override public O decode(ReplyEnvelope reply) { return Outputs.decode(type, reply, codec.output, codec.outputType,
                codec.outputKind); }

        @Override public boolean readsWorker() { return false; }
    }

    static <O> Pending.Decoder<O> value(TaskType<?, O> type) { return decoders(type).value(); }

    static <O> Pending.Decoder<TaskResult<O>> result(TaskType<?, O> type) { return decoders(type).result(); }

    /** A single-input message decoded as a one-element list (map with chunksize 1). */
    static <O> Pending.Decoder<List<O>> single(TaskType<?, O> type) { return decoders(type).single(); }

    /** A chunk of {@code count} inputs: the reply body is a JSON array of that many outputs, in input order. */
    static <O> Pending.Decoder<List<O>> chunk(TaskType<?, O> type, int count) { return new Chunk<>(type, Codec.of(type), count); }

    private record Single<O>(Pending.Decoder<O> value) implements Pending.Decoder<List<O>> {
        @Override public List<O> decode(ReplyEnvelope reply) { return Collections.singletonList(value.decode(reply)); }

        @Override public boolean readsWorker() { return false; }
    }

    private record Chunk<O>(TaskType<?, O> type, Codec codec, int count) implements Pending.Decoder<List<O>> {
        @Override public List<O> decode(ReplyEnvelope reply) {
            List<O> out = Outputs.decode(type, reply, codec.outputList, codec.outputListType, ScalarJson.Kind.NONE);
            if (out == null || out.size() != count) {
                throw new WarrenException("chunk reply of task " + type.name() + " " + reply.taskId() + " has "
                        + (out == null ? "no" : String.valueOf(out.size())) + " outputs for " + count + " inputs");
            }
            return out;
        }

        @Override public boolean readsWorker() { return false; }
    }

    /**
     * Reports the work time of each ok reply to the chunking, then decodes: the worker's own start and finish when
     * it sent them, else the round trip from now (an upper bound that includes the time in the queue).
     */
    static <R> Pending.Decoder<R> timed(Pending.Decoder<R> decoder, int inputs, Chunking chunking) {
        long sent = System.nanoTime();
        return reply -> {
            R out = decoder.decode(reply);
            WorkerInfo w = reply.worker();
            long work = w != null && w.startedAt() > 0 && w.finishedAt() >= w.startedAt()
                    ? w.finishedAt() - w.startedAt() : (System.nanoTime() - sent) / 1_000_000L;
            chunking.measured(inputs, work);
            return out;
        };
    }

    @SuppressWarnings("unchecked") // ScalarJson reads only what the reader would bind to the same type
    private static <T> T decode(TaskType<?, ?> type, ReplyEnvelope reply, ObjectReader reader, JavaType jt,
                                ScalarJson.Kind kind) {
        if (!reply.ok()) throw new RemoteTaskException(type.name(), reply.taskId(), reply.error(), reply.worker());
        Object plain = ScalarJson.read(reply.body(), kind);
        if (plain != ScalarJson.NOT_SCALAR) return (T) plain;
        try {
            return reader.readValue(reply.body());
        } catch (IOException e) {
            throw new WarrenException("cannot decode the output of task " + type.name() + " " + reply.taskId()
                    + " as " + jt.toCanonical() + ": " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }
}
