package dev.warren.producer;

import com.fasterxml.jackson.databind.JavaType;
import dev.warren.common.TaskType;
import dev.warren.common.WarrenException;
import dev.warren.common.WorkerInfo;
import dev.warren.common.internal.Json;
import dev.warren.common.internal.ReplyEnvelope;
import java.io.IOException;
import java.util.Collections;
import java.util.List;

/** Turns replies into values: a single output, a {@link TaskResult}, or a chunk's list of outputs. */
final class Outputs {
    private Outputs() {}

    static <O> Pending.Decoder<O> value(TaskType<?, O> type) {
        JavaType jt = Json.type(type.outputType());
        return reply -> decode(type, reply, jt);
    }

    static <O> Pending.Decoder<TaskResult<O>> result(TaskType<?, O> type) {
        JavaType jt = Json.type(type.outputType());
        return reply -> new TaskResult<>(decode(type, reply, jt), reply.taskId(), reply.attempt(), reply.worker(),
                reply.traceparent());
    }

    /** A single-input message decoded as a one-element list (map with chunksize 1). */
    static <O> Pending.Decoder<List<O>> single(TaskType<?, O> type) {
        Pending.Decoder<O> one = value(type);
        return reply -> Collections.singletonList(one.decode(reply));
    }

    /** A chunk of {@code count} inputs: the reply body is a JSON array of that many outputs, in input order. */
    static <O> Pending.Decoder<List<O>> chunk(TaskType<?, O> type, int count) {
        JavaType jt = Json.MAPPER.getTypeFactory().constructCollectionType(List.class, Json.type(type.outputType()));
        return reply -> {
            List<O> out = decode(type, reply, jt);
            if (out == null || out.size() != count) {
                throw new WarrenException("chunk reply of task " + type.name() + " " + reply.taskId() + " has "
                        + (out == null ? "no" : String.valueOf(out.size())) + " outputs for " + count + " inputs");
            }
            return out;
        };
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

    private static <T> T decode(TaskType<?, ?> type, ReplyEnvelope reply, JavaType jt) {
        if (!reply.ok()) throw new RemoteTaskException(type.name(), reply.taskId(), reply.error(), reply.worker());
        try {
            return Json.MAPPER.readValue(reply.body(), jt);
        } catch (IOException e) {
            throw new WarrenException("cannot decode the output of task " + type.name() + " " + reply.taskId()
                    + " as " + jt.toCanonical() + ": " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }
}
