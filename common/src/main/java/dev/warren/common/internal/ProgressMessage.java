package dev.warren.common.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import dev.warren.common.Protocol;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A progress message (docs/protocol.md section 3.6): sent by a worker to a running task's {@code reply_to} when
 * the task reports progress and the task message carried {@code warren-progress}. Transient, not mandatory,
 * {@code warren-status: progress}; the body is {@code {"done": n, "total": n, "message": "..."}} (message optional).
 * It is not a reply: a reader that already has the task's reply ignores it.
 *
 * @param message null when the task gave none
 */
public record ProgressMessage(String taskId, int attempt, long done, long total, String message) {
    /** Longest message sent; longer ones are cut. */
    public static final int MAX_MESSAGE_CHARS = 1024;

    public ProgressMessage {
        if (done < 0 || total < 0) throw new IllegalArgumentException("progress must not be negative: " + done + "/" + total);
        if (message != null && message.length() > MAX_MESSAGE_CHARS) message = message.substring(0, MAX_MESSAGE_CHARS);
    }

    /** True when these reply-queue properties are a progress message rather than a reply. */
    public static boolean is(AMQP.BasicProperties p) {
        return p != null && Headers.is(p.getHeaders(), Protocol.H_STATUS, Protocol.STATUS_PROGRESS);
    }

    /** True when a task message asks for progress messages ({@code warren-progress} present and not false/0). */
    public static boolean wanted(Map<String, Object> taskHeaders) {
        if (taskHeaders == null) return false;
        Object v = taskHeaders.get(Protocol.H_PROGRESS);
        if (v == null) return false;
        String s = v.toString();
        return !s.equals("0") && !s.equalsIgnoreCase("false");
    }

    /** Transient, {@code correlation_id} = task id, {@code warren-status: progress}. */
    public AMQP.BasicProperties toProperties() {
        Map<String, Object> h = new HashMap<>(4);
        h.put(Protocol.H_PROTOCOL, Protocol.VERSION);
        h.put(Protocol.H_STATUS, Protocol.STATUS_PROGRESS);
        h.put(Protocol.H_ATTEMPT, attempt);
        return new AMQP.BasicProperties.Builder().correlationId(taskId).contentType(Protocol.CONTENT_TYPE)
                .deliveryMode(1).headers(h).build();
    }

    public byte[] body() {
        ObjectNode o = Json.MAPPER.createObjectNode().put("done", done).put("total", total);
        if (message != null) o.put("message", message);
        try {
            return Json.MAPPER.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a progress message", e);
        }
    }

    /**
     * Reads a progress message (see {@link #is}).
     *
     * @throws IllegalArgumentException when it has no correlation id or its body is not a progress object
     */
    public static ProgressMessage decode(AMQP.BasicProperties p, byte[] body) {
        if (p == null || p.getCorrelationId() == null) throw new IllegalArgumentException("progress without correlation_id");
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("progress body is not JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject() || !n.path("done").isIntegralNumber() || !n.path("total").isIntegralNumber()) {
            throw new IllegalArgumentException("progress body is not {\"done\": n, \"total\": n}");
        }
        int attempt;
        try {
            attempt = (int) Headers.number(p.getHeaders(), Protocol.H_ATTEMPT, 1);
        } catch (NumberFormatException e) {
            attempt = 1;
        }
        JsonNode m = n.get("message");
        return new ProgressMessage(p.getCorrelationId(), attempt, n.path("done").asLong(), n.path("total").asLong(),
                m != null && m.isTextual() ? m.asText() : null);
    }
}
