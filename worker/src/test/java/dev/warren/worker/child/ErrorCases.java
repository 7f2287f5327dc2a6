package dev.warren.worker.child;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import dev.warren.common.Protocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** docs/error-cases.json: one case per way to get each error type of docs/protocol.md 3.5 (see its "message" field). */
final class ErrorCases {
    /** What a case expects. */
    record Expect(String type, boolean deadLettered, boolean reply) {}

    /** One case; {@link #message} builds what a plain client publishes. */
    record Case(String name, String row, String cause, boolean send, String why, boolean workerExits, boolean slow, Expect expect,
                JsonNode spec) {
        /** A fresh message for this case. */
        Message message(String replyQueue, long nowMs) {
            byte[] body = body(spec.path("body"));
            if (spec.path("no_properties").asBoolean()) return new Message(null, null, body);
            String id = UUID.randomUUID().toString();
            Map<String, Object> headers = new HashMap<>();
            headers.put(Protocol.H_PROTOCOL, Protocol.VERSION);
            for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("headers").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> h = it.next();
                if (h.getValue().isNull()) headers.remove(h.getKey());
                else headers.put(h.getKey(), value(h.getValue(), nowMs));
            }
            Map<String, Object> p = new HashMap<>();
            p.put("message_id", id);
            p.put("correlation_id", id);
            p.put("type", spec.path("task").isNull() ? null : spec.path("task").asText());
            p.put("reply_to", replyQueue);
            p.put("content_type", Protocol.CONTENT_TYPE);
            for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                p.put(e.getKey(), e.getValue().isNull() ? null : value(e.getValue(), nowMs).toString());
            }
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().messageId((String) p.get("message_id"))
                    .correlationId((String) p.get("correlation_id")).type((String) p.get("type"))
                    .replyTo((String) p.get("reply_to")).contentType((String) p.get("content_type")).deliveryMode(2)
                    .headers(headers).build();
            return new Message(props, props.getMessageId(), body);
        }
    }

    /** A message to publish; {@code id} is its message_id, or null. */
    record Message(AMQP.BasicProperties props, String id, byte[] body) {}

    private ErrorCases() {}

    static Path file() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path f = dir.resolve("docs").resolve("error-cases.json");
            if (Files.isRegularFile(f)) return f;
        }
        throw new IllegalStateException("docs/error-cases.json not found above " + Path.of("").toAbsolutePath());
    }

    static JsonNode document() {
        try {
            return new ObjectMapper().readTree(file().toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : document().path("cases")) {
            JsonNode e = c.path("expect");
            cases.add(new Case(c.path("name").asText(), c.path("row").asText(), c.path("cause").asText(), c.path("send").asBoolean(true),
                    c.path("why").asText(null), c.path("worker_exits").asBoolean(), c.path("slow").asBoolean(),
                    new Expect(e.path("type").asText(), e.path("dead_lettered").asBoolean(), e.path("reply").asBoolean()), c));
        }
        return cases;
    }

    /** The worker settings the cases assume. */
    static JsonNode worker() { return document().path("worker"); }

    static byte[] body(JsonNode b) {
        if (b.has("text")) return b.get("text").asText().getBytes(StandardCharsets.UTF_8);
        if (b.has("repeat")) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : b.get("repeat")) sb.append(part.get(0).asText().repeat(part.get(1).asInt()));
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }
        try {
            return new ObjectMapper().writeValueAsBytes(b.get("json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object value(JsonNode v, long nowMs) {
        if (v.isTextual() && v.asText().equals("{past}")) return nowMs - 60_000;
        if (v.isTextual() && v.asText().equals("{missing-queue}")) return "warren.reply.nobody-" + UUID.randomUUID();
        if (v.isIntegralNumber()) return v.asLong() == (int) v.asLong() ? (Object) v.asInt() : (Object) v.asLong();
        return v.asText();
    }
}
