package dev.warren.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.internal.Json;
import java.util.Optional;

/**
 * One line a child wrote on stdout (see docs/architecture.md, "Child ↔ supervisor"): {@code ready},
 * {@code start}, {@code end}, {@code recycle}, {@code dead} or {@code exiting}. Fields an event does
 * not carry are null or 0. Unknown fields are ignored so that a newer child can add some.
 */
record ChildProcessEvent(String ev, long pid, String id, String task, int attempt, String status, String error,
                         long ms, String reason, String detail) {
    static final String READY = "ready";
    static final String START = "start";
    static final String END = "end";
    static final String RECYCLE = "recycle";
    static final String DEAD = "dead";
    static final String EXITING = "exiting";

    /** The event on this line, or empty when the line is not a JSON object with an {@code ev} field. */
    static Optional<ChildProcessEvent> parse(String line) {
        if (line == null || line.isBlank() || line.charAt(0) != '{') return Optional.empty();
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(line);
        } catch (Exception e) {
            return Optional.empty();
        }
        if (n == null || !n.isObject() || !n.path("ev").isTextual()) return Optional.empty();
        return Optional.of(new ChildProcessEvent(n.get("ev").asText(), n.path("pid").asLong(0), text(n, "id"),
                text(n, "task"), n.path("attempt").asInt(0), text(n, "status"), text(n, "error"),
                n.path("ms").asLong(0), text(n, "reason"), text(n, "detail")));
    }

    boolean ok() { return "ok".equals(status); }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
