package dev.warren.cli.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.common.internal.DeadLetter;
import dev.warren.common.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** {@code warren dead} output: the list as a table or JSON, one message in full. Pure. */
public final class DeadText {
    static final int ERROR_WIDTH = 60;

    private final DateTimeFormatter when;

    public DeadText(ZoneId zone) { this.when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone); }

    public String table(String deadQueue, DeadLetters.Listing l) {
        StringBuilder b = new StringBuilder();
        b.append(deadQueue).append(": ").append(l.total()).append(l.total() == 1 ? " message" : " messages");
        if (l.first().size() < l.total()) b.append(", the first ").append(l.first().size()).append(" shown");
        b.append('\n');
        if (l.first().isEmpty()) return b.toString();
        b.append(String.format(Locale.ROOT, "%-36s  %-16s  %-26s  %8s  %-19s  %s%n", "ID", "TASK", "REASON", "ATTEMPTS", "WHEN", "LAST ERROR"));
        for (DeadLetter d : l.first()) {
            b.append(String.format(Locale.ROOT, "%-36s  %-16s  %-26s  %8d  %-19s  %s%n", orDash(d.id()), orDash(d.task()),
                    orDash(d.reason()), d.attempts(), d.deadAt() == 0 ? "-" : when.format(Instant.ofEpochMilli(d.deadAt())),
                    firstLine(d.detail())));
        }
        return b.toString();
    }

    public static ObjectNode json(String deadQueue, DeadLetters.Listing l) {
        ObjectNode root = Json.MAPPER.createObjectNode().put("queue", deadQueue).put("total", l.total());
        ArrayNode arr = root.putArray("messages");
        for (DeadLetter d : l.first()) arr.add(Json.MAPPER.valueToTree(d));
        return root;
    }

    /** One message: what it is, its properties and headers, and its body (pretty-printed when JSON). */
    public String full(DeadLetters.Message m) {
        DeadLetter d = m.letter();
        StringBuilder b = new StringBuilder();
        b.append("id        ").append(orDash(d.id())).append('\n');
        b.append("task      ").append(orDash(d.task())).append('\n');
        b.append("reason    ").append(orDash(d.reason())).append('\n');
        b.append("attempts  ").append(d.attempts()).append('\n');
        b.append("when      ").append(d.deadAt() == 0 ? "-" : when.format(Instant.ofEpochMilli(d.deadAt()))).append('\n');
        b.append("detail    ").append(d.detail() == null ? "-" : d.detail().replace("\n", "\n          ")).append('\n');
        var p = m.properties();
        if (p != null) {
            b.append("properties\n");
            prop(b, "correlation_id", p.getCorrelationId());
            prop(b, "reply_to", p.getReplyTo());
            prop(b, "content_type", p.getContentType());
            prop(b, "delivery_mode", p.getDeliveryMode());
            prop(b, "timestamp", p.getTimestamp() == null ? null : when.format(p.getTimestamp().toInstant()));
            if (p.getHeaders() != null) {
                b.append("headers\n");
                Map<String, Object> sorted = new TreeMap<>(p.getHeaders());
                for (Map.Entry<String, Object> e : sorted.entrySet()) {
                    String v = String.valueOf(e.getValue());
                    b.append("  ").append(e.getKey()).append(": ").append(v.replace("\n", "\n    ")).append('\n');
                }
            }
        }
        b.append("body (").append(d.bytes()).append(" bytes)\n").append(body(m.body())).append('\n');
        return b.toString();
    }

    static String body(byte[] body) {
        if (body == null || body.length == 0) return "";
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (IOException | RuntimeException e) {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public String replayed(List<DeadLetter> done) {
        StringBuilder b = new StringBuilder();
        for (DeadLetter d : done) b.append("replayed ").append(orDash(d.id())).append(' ').append(orDash(d.task())).append('\n');
        return b.toString();
    }

    private static void prop(StringBuilder b, String name, Object v) {
        if (v != null) b.append("  ").append(name).append(": ").append(v).append('\n');
    }

    static String firstLine(String s) {
        if (s == null) return "";
        String line = s.lines().findFirst().orElse("");
        return line.length() <= ERROR_WIDTH ? line : line.substring(0, ERROR_WIDTH - 1) + "…";
    }

    private static String orDash(String s) { return s == null || s.isEmpty() ? "-" : s; }
}
