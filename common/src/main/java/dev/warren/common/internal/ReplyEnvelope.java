package dev.warren.common.internal;

import com.rabbitmq.client.AMQP;
import dev.warren.common.Protocol;
import dev.warren.common.TaskError;
import dev.warren.common.WorkerInfo;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A reply as it travels: correlation_id = task id, a status header, where it ran, and the JSON
 * output (status ok) or a JSON {@link TaskError} (status error).
 */
public record ReplyEnvelope(String taskId, boolean ok, int attempt, WorkerInfo worker,
                            String traceparent, String tracestate, boolean persistent, byte[] body) {

    public static ReplyEnvelope error(String taskId, TaskError error, WorkerInfo worker, String traceparent,
                                      String tracestate, boolean persistent) {
        try {
            return new ReplyEnvelope(taskId, false, error.attempts(), worker, traceparent, tracestate, persistent,
                    Json.MAPPER.writeValueAsBytes(error));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an error record", e);
        }
    }

    public AMQP.BasicProperties toProperties() {
        Map<String, Object> h = new HashMap<>(12);
        h.put(Protocol.H_PROTOCOL, Protocol.VERSION);
        h.put(Protocol.H_STATUS, ok ? Protocol.STATUS_OK : Protocol.STATUS_ERROR);
        h.put(Protocol.H_ATTEMPT, attempt);
        if (worker != null) {
            if (worker.host() != null) h.put(Protocol.H_HOST, worker.host());
            h.put(Protocol.H_PID, worker.pid());
            if (worker.child() != null) h.put(Protocol.H_CHILD, worker.child());
            h.put(Protocol.H_STARTED, worker.startedAt());
            h.put(Protocol.H_FINISHED, worker.finishedAt());
        }
        if (traceparent != null) h.put(Protocol.H_TRACEPARENT, traceparent);
        if (tracestate != null) h.put(Protocol.H_TRACESTATE, tracestate);
        return new AMQP.BasicProperties.Builder()
                .correlationId(taskId).contentType(Protocol.CONTENT_TYPE)
                .deliveryMode(persistent ? 2 : 1).headers(h).build();
    }

    /** Reads a reply; returns null when it has no correlation id (nothing to complete). */
    public static ReplyEnvelope decode(AMQP.BasicProperties p, byte[] body) {
        if (p == null || p.getCorrelationId() == null) return null;
        Map<String, Object> h = p.getHeaders();
        boolean ok = Headers.is(h, Protocol.H_STATUS, Protocol.STATUS_OK);
        int attempt = 1;
        WorkerInfo w;
        try {
            attempt = (int) Headers.number(h, Protocol.H_ATTEMPT, 1);
            w = new WorkerInfo(Headers.string(h, Protocol.H_HOST), Headers.number(h, Protocol.H_PID, 0),
                    Headers.string(h, Protocol.H_CHILD), Headers.number(h, Protocol.H_STARTED, 0),
                    Headers.number(h, Protocol.H_FINISHED, 0));
        } catch (NumberFormatException e) {
            w = new WorkerInfo(null, 0, null, 0, 0);
        }
        return new ReplyEnvelope(p.getCorrelationId(), ok, attempt, w, Headers.string(h, Protocol.H_TRACEPARENT),
                Headers.string(h, Protocol.H_TRACESTATE), Integer.valueOf(2).equals(p.getDeliveryMode()),
                body == null ? new byte[0] : body);
    }

    /** Decodes an error body; a body that is not a TaskError still yields a readable error. */
    public TaskError error() {
        try {
            return Json.MAPPER.readValue(body, TaskError.class);
        } catch (IOException | RuntimeException e) {
            return TaskError.of(Protocol.E_BAD_ENVELOPE, "unreadable error reply: "
                    + new String(body, 0, Math.min(body.length, 500), java.nio.charset.StandardCharsets.UTF_8), attempt);
        }
    }
}
