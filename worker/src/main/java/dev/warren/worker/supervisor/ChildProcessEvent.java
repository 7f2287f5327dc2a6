package dev.warren.worker.supervisor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
    /** A spare child is connected and waits for {@code consume}. */
    static final String CONNECTED = "connected";
    static final String START = "start";
    static final String END = "end";
    /** A task failed (a child with a slot: its counts come in {@code stats}; this is for the failure lists). */
    static final String FAILED = "failed";
    static final String RECYCLE = "recycle";
    static final String DEAD = "dead";
    static final String EXITING = "exiting";

    /** The event on this line, or empty when the line is not a JSON object with an {@code ev} field. */
    static Optional<ChildProcessEvent> parse(String line) {
        if (line == null || line.isBlank() || line.charAt(0) != '{') return Optional.empty();
        // a streaming read: two of these per task go through the supervisor
        String ev = null, id = null, task = null, status = null, error = null, reason = null, detail = null;
        long pid = 0, ms = 0;
        int attempt = 0;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return Optional.empty();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                String text = t == JsonToken.VALUE_NULL ? null : p.getText();
                switch (field) {
                    case "ev" -> ev = t == JsonToken.VALUE_STRING ? text : null;
                    case "pid" -> pid = p.getValueAsLong(0);
                    case "id" -> id = text;
                    case "task" -> task = text;
                    case "attempt" -> attempt = p.getValueAsInt(0);
                    case "status" -> status = text;
                    case "error" -> error = text;
                    case "ms" -> ms = p.getValueAsLong(0);
                    case "reason" -> reason = text;
                    case "detail" -> detail = text;
                    default -> { }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) return Optional.empty(); // one object per line
        } catch (Exception e) {
            return Optional.empty();
        }
        if (ev == null) return Optional.empty();
        return Optional.of(new ChildProcessEvent(ev, pid, id, task, attempt, status, error, ms, reason, detail));
    }

    boolean ok() { return "ok".equals(status); }

}
