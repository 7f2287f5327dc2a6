package dev.warren.worker.child;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What the child's tasks did since the last report, per task name: results by outcome, and two histograms
 * whose bucket bounds the supervisor chose (run time, and time in queue from the message's timestamp to the
 * start). The child measures, counts and hands the counts over once a second as one {@code stats} line
 * (see docs/architecture.md), so the supervisor does no work per task. Each bucket keeps its count and the
 * sum of its values, so the supervisor can record exact sums and counts. Thread-safe.
 */
final class ChildStats {
    /** One task name's counts. */
    private static final class Counts {
        long ok;
        final Map<String, Long> failed = new HashMap<>(2);
        final long[] runCount, runSumMs, queueCount, queueSumMs;

        Counts(int runBuckets, int queueBuckets) {
            runCount = new long[runBuckets];
            runSumMs = new long[runBuckets];
            queueCount = new long[queueBuckets];
            queueSumMs = new long[queueBuckets];
        }
    }

    private final long[] runBoundsMs;
    private final long[] queueBoundsMs;
    private Map<String, Counts> byTask = new HashMap<>();

    /** @param runBoundsMs upper bounds (ms, ascending) of the run-time buckets; one more bucket holds the rest */
    ChildStats(long[] runBoundsMs, long[] queueBoundsMs) {
        this.runBoundsMs = runBoundsMs.clone();
        this.queueBoundsMs = queueBoundsMs.clone();
    }

    /**
     * A task ended.
     *
     * @param error   the error type, or null when it succeeded
     * @param queueMs time from its publication to its start, or negative when unknown
     */
    synchronized void ended(String task, String error, long runMs, long queueMs) {
        Counts c = byTask.get(task);
        if (c == null) byTask.put(task, c = new Counts(runBoundsMs.length + 1, queueBoundsMs.length + 1));
        if (error == null) c.ok++;
        else c.failed.merge(error, 1L, Long::sum);
        int b = bucket(runBoundsMs, Math.max(0, runMs));
        c.runCount[b]++;
        c.runSumMs[b] += Math.max(0, runMs);
        if (queueMs >= 0) {
            int q = bucket(queueBoundsMs, queueMs);
            c.queueCount[q]++;
            c.queueSumMs[q] += queueMs;
        }
    }

    /** The counts since the last call as one event line (without its newline), or null when nothing happened. */
    String drain() {
        Map<String, Counts> now;
        synchronized (this) {
            if (byTask.isEmpty()) return null;
            now = byTask;
            byTask = new HashMap<>();
        }
        StringBuilder sb = new StringBuilder(256).append("{\"ev\":\"stats\",\"tasks\":{");
        boolean first = true;
        for (Map.Entry<String, Counts> e : now.entrySet()) {
            if (!first) sb.append(',');
            first = false;
            Counts c = e.getValue();
            quote(sb, e.getKey()).append(":{\"ok\":").append(c.ok).append(",\"failed\":{");
            boolean f = true;
            for (Map.Entry<String, Long> err : c.failed.entrySet()) {
                if (!f) sb.append(',');
                f = false;
                quote(sb, err.getKey()).append(':').append(err.getValue());
            }
            sb.append('}');
            array(sb.append(",\"run\":"), c.runCount);
            array(sb.append(",\"runSumMs\":"), c.runSumMs);
            array(sb.append(",\"queue\":"), c.queueCount);
            array(sb.append(",\"queueSumMs\":"), c.queueSumMs);
            sb.append('}');
        }
        return sb.append("}}").toString();
    }

    static int bucket(long[] bounds, long v) {
        int i = Arrays.binarySearch(bounds, v);
        return i >= 0 ? i : -i - 1; // v <= bounds[i]: Prometheus's "le"
    }

    private static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s == null ? "unknown" : s, sb);
        return sb.append('"');
    }

    private static void array(StringBuilder sb, long[] a) {
        sb.append('[');
        for (int i = 0; i < a.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(a[i]);
        }
        sb.append(']');
    }
}
