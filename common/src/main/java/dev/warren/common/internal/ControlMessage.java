package dev.warren.common.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import dev.warren.common.Protocol;
import java.io.IOException;
import java.util.Date;
import java.util.Optional;

/**
 * A message on the fanout exchange {@code <queue>.control} (docs/protocol.md, section 5), encoded and
 * decoded in this one place by producers, supervisors and children. Readers ignore unknown ops and fields.
 */
public sealed interface ControlMessage permits ControlMessage.Cancel, ControlMessage.Crash {
    /** The {@code op} field and the AMQP {@code type}. */
    String op();

    /** The task the message is about. */
    String id();

    /** The JSON body. */
    default byte[] encode() {
        try {
            return Json.MAPPER.writeValueAsBytes(tree());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a control message", e);
        }
    }

    /** The body as a JSON object, in the field order of the protocol document. */
    ObjectNode tree();

    /** Transient, {@code application/json}, {@code type} = the op, with a timestamp. */
    default AMQP.BasicProperties properties() {
        return new AMQP.BasicProperties.Builder().contentType(Protocol.CONTENT_TYPE).type(op()).deliveryMode(1)
                .timestamp(new Date()).build();
    }

    /**
     * Reads a control message body.
     *
     * @return empty for an op this version does not know (readers must ignore it)
     * @throws IllegalArgumentException when the body is not JSON or a known op lacks a required field
     */
    static Optional<ControlMessage> decode(byte[] body) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("control message is not JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) throw new IllegalArgumentException("control message is not a JSON object");
        String op = n.path("op").asText("");
        return switch (op) {
            case Cancel.OP -> Optional.of(new Cancel(text(n, "id"), n.path("until").asLong(0),
                    n.path("interrupt").asBoolean(false)));
            case Crash.OP -> Optional.of(new Crash(text(n, "id"), n.path("child").asText("a child"),
                    n.path("pid").asLong(0), n.path("exit").isIntegralNumber() ? n.path("exit").asInt() : null,
                    n.path("signal").isTextual() ? n.path("signal").asText() : null, n.path("cause").asText("crash"),
                    n.path("stderr").asText("")));
            default -> Optional.empty();
        };
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("control message " + n.path("op").asText() + " has no " + field);
        }
        return v.asText();
    }

    /**
     * A producer cancelled a task: workers skip it if they have not started it (answering {@code warren.Cancelled});
     * with {@code interrupt}, a worker running it interrupts it, and a supervisor kills the child still running it
     * after its grace period.
     *
     * @param until     epoch ms after which workers may forget the cancellation
     * @param interrupt stop the task if it is running ({@code Future.cancel(true)}); sent only when true
     */
    record Cancel(String id, long until, boolean interrupt) implements ControlMessage {
        public static final String OP = "cancel";

        /** A cancel that does not interrupt a running task ({@code Future.cancel(false)}). */
        public Cancel(String id, long until) { this(id, until, false); }

        @Override public String op() { return OP; }

        @Override public ObjectNode tree() {
            ObjectNode o = Json.MAPPER.createObjectNode().put("op", OP).put("id", id).put("until", until);
            return interrupt ? o.put("interrupt", true) : o;
        }
    }

    /**
     * A supervisor's note that a child died while running a task: the next holder of the redelivered task
     * reports how the earlier attempt ended.
     *
     * @param exit   the exit status, or null when unknown
     * @param signal the signal's name without {@code SIG}, or null
     * @param cause  a short label, e.g. {@code crash} or {@code hard-time-limit}
     * @param stderr the tail of the child's stderr
     */
    record Crash(String id, String child, long pid, Integer exit, String signal, String cause, String stderr)
            implements ControlMessage {
        public static final String OP = "crash";

        @Override public String op() { return OP; }

        @Override public ObjectNode tree() {
            ObjectNode o = Json.MAPPER.createObjectNode().put("op", OP).put("id", id).put("child", child).put("pid", pid);
            if (exit == null) o.putNull("exit"); else o.put("exit", exit);
            if (signal == null) o.putNull("signal"); else o.put("signal", signal);
            return o.put("cause", cause).put("stderr", stderr);
        }

        /** What {@link #describe()} puts between the one-line summary and the stderr tail. */
        public static final String STDERR_TAIL = "; stderr tail:\n";

        /** The stderr tail of a {@link #describe()} text (the {@code stack} of a {@code warren.WorkerCrashed} error), or "". */
        public static String stderrTailOf(String description) {
            int at = description == null ? -1 : description.indexOf(STDERR_TAIL);
            return at < 0 ? "" : description.substring(at + STDERR_TAIL.length());
        }

        /** One line for a {@code warren.WorkerCrashed} error or a {@code warren-last-error} header. */
        public String describe() {
            StringBuilder sb = new StringBuilder().append(child).append(" (pid ").append(pid).append(")");
            if ("hard-time-limit".equals(cause)) sb.append(" was killed by its supervisor at the hard time limit");
            if (signal != null && !signal.isEmpty()) sb.append(", signal ").append(signal);
            else sb.append(", exit code ").append(exit == null ? "?" : exit.toString());
            if (stderr != null && !stderr.isBlank()) sb.append(STDERR_TAIL).append(stderr);
            return sb.toString();
        }
    }
}
