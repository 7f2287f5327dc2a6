package dev.warren.worker.supervisor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.internal.Json;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code stats} line of a child: what its tasks did since its previous one, per task name (see
 * {@code ChildStats} in the child). Bucket arrays have one entry per bound of {@link TaskBuckets} plus one for
 * the rest; each bucket's sum lets a histogram be fed exact counts and sums.
 */
record ChildTaskStats(Map<String, PerTask> tasks) {
    /** @param failed error type → count */
    record PerTask(long ok, Map<String, Long> failed, long[] run, long[] runSumMs, long[] queue, long[] queueSumMs) {
        long failedTotal() { return failed.values().stream().mapToLong(Long::longValue).sum(); }

        long sumMs() {
            long s = 0;
            for (long v : runSumMs) s += v;
            return s;
        }
    }

    static final String PREFIX = "{\"ev\":\"stats\"";

    /** The stats on this line, or empty when it is not a stats line. */
    static Optional<ChildTaskStats> parse(String line) {
        if (line == null || !line.startsWith(PREFIX)) return Optional.empty();
        try {
            JsonNode tasks = Json.MAPPER.readTree(line).path("tasks");
            Map<String, PerTask> out = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = tasks.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode t = e.getValue();
                Map<String, Long> failed = new HashMap<>();
                t.path("failed").fields().forEachRemaining(f -> failed.put(f.getKey(), f.getValue().asLong()));
                out.put(e.getKey(), new PerTask(t.path("ok").asLong(), failed, longs(t.path("run")), longs(t.path("runSumMs")),
                        longs(t.path("queue")), longs(t.path("queueSumMs"))));
            }
            return Optional.of(new ChildTaskStats(out));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asLong();
        return out;
    }
}
