package dev.warren.common.internal;

import com.rabbitmq.client.AMQP;
import dev.warren.common.Protocol;
import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A task message as it travels: AMQP properties and headers plus the JSON body.
 * {@link #toProperties()} writes it; {@link #decode} reads and validates one off the wire.
 *
 * @param taskId      message_id and correlation_id
 * @param task        the task name (AMQP {@code type})
 * @param replyTo     the producer's reply queue
 * @param deadline    epoch ms after which no worker may start the task; 0 = none
 * @param attempt     1 for the first delivery; incremented when re-published after a crash
 * @param chunk       number of inputs in a chunked body (a JSON array); 0 = a single input
 * @param inputType   the producer's declared input type name, or null
 * @param lastError   why the previous attempt ended, or null
 * @param traceparent W3C trace context, or null
 * @param tracestate  W3C trace state, or null
 * @param persistent  delivery mode 2
 * @param timestamp   epoch ms when the producer published it (AMQP's timestamp carries whole seconds, the
 *                    {@code warren-published-at} header, sent when above 0, the milliseconds)
 * @param workerInfo  whether the producer reads the worker headers of an ok reply (false: {@code warren-worker-info: 0}
 *                    was sent, and an ok reply leaves them out; an error reply always carries them)
 * @param body        the JSON input (or array of inputs when chunked)
 */
public record TaskEnvelope(String taskId, String task, String replyTo, long deadline, int attempt, int chunk,
                           String inputType, String lastError, String traceparent, String tracestate,
                           boolean persistent, long timestamp, boolean workerInfo, byte[] body) implements Decoded {

    /** A task whose producer reads the worker headers of every reply (the default). */
    public TaskEnvelope(String taskId, String task, String replyTo, long deadline, int attempt, int chunk,
                        String inputType, String lastError, String traceparent, String tracestate,
                        boolean persistent, long timestamp, byte[] body) {
        this(taskId, task, replyTo, deadline, attempt, chunk, inputType, lastError, traceparent, tracestate, persistent,
                timestamp, true, body);
    }

    public TaskEnvelope withAttempt(int newAttempt, String newLastError) {
        return new TaskEnvelope(taskId, task, replyTo, deadline, newAttempt, chunk, inputType, newLastError,
                traceparent, tracestate, persistent, timestamp, workerInfo, body);
    }

    /** The same task with another trace context (the worker's span). */
    public TaskEnvelope withTrace(String newTraceparent, String newTracestate) {
        return new TaskEnvelope(taskId, task, replyTo, deadline, attempt, chunk, inputType, lastError,
                newTraceparent, newTracestate, persistent, timestamp, workerInfo, body);
    }

    public AMQP.BasicProperties toProperties() { return toProperties(false); }

    /** The properties, with {@code warren-progress: 1} when {@code progress}: the producer reads progress messages. */
    public AMQP.BasicProperties toProperties(boolean progress) {
        Map<String, Object> h = new HashMap<>(16);
        if (progress) h.put(Protocol.H_PROGRESS, 1);
        h.put(Protocol.H_PROTOCOL, Protocol.VERSION);
        h.put(Protocol.H_ATTEMPT, attempt);
        if (deadline > 0) h.put(Protocol.H_DEADLINE, deadline);
        if (chunk > 0) h.put(Protocol.H_CHUNK, chunk);
        if (inputType != null) h.put(Protocol.H_INPUT_TYPE, inputType);
        if (lastError != null) h.put(Protocol.H_LAST_ERROR, truncate(lastError, 4096));
        if (traceparent != null) h.put(Protocol.H_TRACEPARENT, traceparent);
        if (tracestate != null) h.put(Protocol.H_TRACESTATE, tracestate);
        if (timestamp > 0) h.put(Protocol.H_PUBLISHED_AT, timestamp);
        if (!workerInfo) h.put(Protocol.H_WORKER_INFO, 0);
        return new AMQP.BasicProperties.Builder()
                .messageId(taskId).correlationId(taskId).type(task).replyTo(replyTo)
                .contentType(Protocol.CONTENT_TYPE).deliveryMode(persistent ? 2 : 1)
                .timestamp(new Date(timestamp)).headers(h).build();
    }

    /**
     * Reads a delivery. Never throws: any input gets a decision.
     *
     * @param maxBodyBytes bodies longer than this are {@link Protocol#E_TOO_LARGE}
     * @param now          current epoch ms, for the deadline check
     */
    public static Decoded decode(AMQP.BasicProperties p, byte[] body, int maxBodyBytes, long now) {
        if (p == null || hasNoProperties(p)) {
            return new Malformed(Protocol.E_BAD_ENVELOPE, "message has no properties", null, null, 1);
        }
        Map<String, Object> h = p.getHeaders();
        String id = blankToNull(p.getMessageId());
        String replyTo = blankToNull(p.getReplyTo());
        int attempt;
        long deadline;
        long protocol;
        int chunk;
        try {
            attempt = (int) Math.min(Integer.MAX_VALUE, Math.max(1, Headers.number(h, Protocol.H_ATTEMPT, 1)));
            deadline = Headers.number(h, Protocol.H_DEADLINE, 0);
            protocol = Headers.number(h, Protocol.H_PROTOCOL, -1);
            long c = Headers.number(h, Protocol.H_CHUNK, 0);
            chunk = c > 1_000_000 ? -1 : (int) c;
        } catch (NumberFormatException e) {
            return new Malformed(Protocol.E_BAD_ENVELOPE, "a numeric header is not a number: " + e.getMessage(),
                    id, replyTo, 1);
        }
        if (protocol == -1) {
            return new Malformed(Protocol.E_UNSUPPORTED_PROTOCOL, "missing header " + Protocol.H_PROTOCOL
                    + " (this worker speaks version " + Protocol.VERSION + ")", id, replyTo, attempt);
        }
        if (protocol != Protocol.VERSION) {
            return new Malformed(Protocol.E_UNSUPPORTED_PROTOCOL, "protocol version " + protocol
                    + " is not supported (this worker speaks version " + Protocol.VERSION + ")", id, replyTo, attempt);
        }
        if (id == null) return new Malformed(Protocol.E_BAD_ENVELOPE, "missing message_id (the task id)", null, replyTo, attempt);
        String task = blankToNull(p.getType());
        if (task == null) return new Malformed(Protocol.E_BAD_ENVELOPE, "missing type (the task name)", id, replyTo, attempt);
        if (replyTo == null) return new Malformed(Protocol.E_BAD_ENVELOPE, "missing reply_to", id, null, attempt);
        String ct = p.getContentType();
        if (ct == null || !(ct.equals(Protocol.CONTENT_TYPE) // what every client sends; parameters and case only when not
                || ct.toLowerCase(Locale.ROOT).split(";")[0].trim().equals(Protocol.CONTENT_TYPE))) {
            return new Malformed(Protocol.E_BAD_ENVELOPE, "content_type must be " + Protocol.CONTENT_TYPE + ", was " + ct,
                    id, replyTo, attempt);
        }
        if (body == null) body = new byte[0];
        if (body.length > maxBodyBytes) {
            return new Malformed(Protocol.E_TOO_LARGE, "body of " + body.length + " bytes exceeds the limit of "
                    + maxBodyBytes, id, replyTo, attempt);
        }
        if (chunk < 0) return new Malformed(Protocol.E_BAD_ENVELOPE, Protocol.H_CHUNK + " must be 0..1000000", id, replyTo, attempt);
        if (deadline > 0 && deadline < now) {
            return new Malformed(Protocol.E_DEADLINE_EXCEEDED, "deadline passed " + (now - deadline)
                    + " ms before a worker could start the task", id, replyTo, attempt);
        }
        long ts = publishedAt(h);
        if (ts <= 0) ts = p.getTimestamp() == null ? 0 : p.getTimestamp().getTime();
        return new TaskEnvelope(id, task, replyTo, deadline, attempt, chunk,
                Headers.string(h, Protocol.H_INPUT_TYPE), Headers.string(h, Protocol.H_LAST_ERROR),
                Headers.string(h, Protocol.H_TRACEPARENT), Headers.string(h, Protocol.H_TRACESTATE),
                Integer.valueOf(2).equals(p.getDeliveryMode()), ts, workerInfo(h), body);
    }

    /**
     * A message published with no properties at all (AMQP property flags all clear): not a task, whatever
     * else is missing. Client libraries hand such a message over as an empty properties object, not null.
     */
    private static boolean hasNoProperties(AMQP.BasicProperties p) {
        return p.getHeaders() == null && p.getMessageId() == null && p.getCorrelationId() == null && p.getType() == null
                && p.getReplyTo() == null && p.getContentType() == null && p.getContentEncoding() == null
                && p.getDeliveryMode() == null && p.getPriority() == null && p.getExpiration() == null
                && p.getTimestamp() == null && p.getUserId() == null && p.getAppId() == null && p.getClusterId() == null;
    }

    /** The optional {@code warren-worker-info} header: only {@code 0} (or {@code false}) turns the worker headers off. */
    private static boolean workerInfo(Map<String, Object> h) {
        Object v = h == null ? null : h.get(Protocol.H_WORKER_INFO);
        if (v instanceof Boolean b) return b;
        try {
            return v == null || Headers.number(h, Protocol.H_WORKER_INFO, 1) != 0;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** The optional {@code warren-published-at} header; 0 when absent or not a number (it decides nothing). */
    private static long publishedAt(Map<String, Object> h) {
        try {
            return Headers.number(h, Protocol.H_PUBLISHED_AT, 0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String truncate(String s, int max) { return s.length() <= max ? s : s.substring(0, max) + "…"; }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s; }
}
