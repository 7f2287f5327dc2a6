package dev.warren.worker.child;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.warren.common.Protocol;
import dev.warren.common.internal.Json;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the fanout exchange {@code <queue>.control}: cancellations from producers (a task
 * that has not started is then skipped) and crash notes from supervisors (how an earlier
 * attempt of a task died, reported when it is dead-lettered). Bounded; entries expire.
 */
final class ChildControl {
    private static final Logger log = LoggerFactory.getLogger(ChildControl.class);
    private static final int MAX_ENTRIES = 100_000;
    private static final long CRASH_NOTE_TTL_MS = 3_600_000;

    private record Note(String text, long until) {}

    private final Map<String, Long> cancelled = new ConcurrentHashMap<>();
    private final Map<String, Note> crashes = new ConcurrentHashMap<>();

    /** Binds a private queue to the control exchange and feeds what arrives to {@link #accept}. */
    void listen(Channel channel, String taskQueue) throws IOException {
        String q = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(q, taskQueue + Protocol.CONTROL_SUFFIX, "");
        channel.basicConsume(q, true, new DefaultConsumer(channel) {
            @Override public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) {
                accept(body);
            }
        });
    }

    boolean isCancelled(String taskId) {
        Long until = cancelled.get(taskId);
        return until != null && until >= System.currentTimeMillis();
    }

    /** How the last crashed attempt of this task died, or null if no supervisor reported it. */
    String crashNote(String taskId) {
        Note n = crashes.get(taskId);
        return n == null ? null : n.text;
    }

    /** One control message (from the exchange, or a line from the supervisor on stdin). Thread-safe. */
    void accept(byte[] body) {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            String op = n.path("op").asText();
            String id = n.path("id").asText(null);
            if (id == null) return;
            long now = System.currentTimeMillis();
            if (cancelled.size() + crashes.size() > MAX_ENTRIES) expire(now);
            if ("cancel".equals(op)) {
                cancelled.put(id, n.path("until").asLong(now + 86_400_000L));
            } else if ("crash".equals(op)) {
                crashes.put(id, new Note(describeCrash(n), now + CRASH_NOTE_TTL_MS));
            }
        } catch (IOException | RuntimeException e) {
            log.warn("ignoring an unreadable control message: {}", e.toString());
        }
    }

    static String describeCrash(JsonNode n) {
        StringBuilder sb = new StringBuilder();
        sb.append(n.path("child").asText("a child")).append(" (pid ").append(n.path("pid").asText("?")).append(")");
        if ("hard-time-limit".equals(n.path("cause").asText())) sb.append(" was killed by its supervisor at the hard time limit");
        String signal = n.path("signal").asText(null);
        if (signal != null && !signal.isEmpty() && !"null".equals(signal)) sb.append(", signal ").append(signal);
        else sb.append(", exit code ").append(n.path("exit").asText("?"));
        String stderr = n.path("stderr").asText("");
        if (!stderr.isBlank()) sb.append("; stderr tail:\n").append(stderr);
        return sb.toString();
    }

    private void expire(long now) {
        for (Iterator<Map.Entry<String, Long>> it = cancelled.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() < now) it.remove();
        }
        crashes.values().removeIf(n -> n.until < now);
        if (cancelled.size() + crashes.size() > MAX_ENTRIES) { cancelled.clear(); crashes.clear(); }
    }
}
