package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Counts go into the right buckets (Prometheus's "less or equal"), once: a report empties them. */
class ChildStatsTest {
    @Test void aReportCarriesCountsBucketsAndSumsOnce() {
        ChildStats stats = new ChildStats(new long[] {10, 100}, new long[] {1000});
        stats.ended("cube", null, 10, 500);
        stats.ended("cube", null, 11, -1);
        stats.ended("cube", "java.lang.IllegalStateException", 1000, 2000);
        String line = stats.drain();
        assertThat(line).isEqualTo("{\"ev\":\"stats\",\"tasks\":{\"cube\":{\"ok\":2,\"failed\":{\"java.lang.IllegalStateException\":1},"
                + "\"run\":[1,1,1],\"runSumMs\":[10,11,1000],\"queue\":[1,1],\"queueSumMs\":[500,2000]}}}");
        assertThat(stats.drain()).isNull();
    }
}
