package dev.warren.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(Stats.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
    }

    @Test
    void percentilesUseTheNearestRank() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) nanos[i] = (i + 1) * 1_000_000L; // 1..100 ms
        assertThat(Stats.percentileMs(nanos, 99)).isEqualTo(99.0);
        assertThat(Stats.percentileMs(nanos, 100)).isEqualTo(100.0);
        assertThat(Stats.percentile(List.of(), 50)).isNaN();
    }

    @Test
    void aRowShowsMedianRangeRatioAndWhetherItsTargetIsMet() {
        Report r = new Report();
        Line l = r.line("pipelined.classic.p1", "tasks/s", ">= 0.9x raw", Line.ratioAtLeast(0.9));
        l.warren.addAll(List.of(900.0, 950.0, 1000.0));
        l.raw.addAll(List.of(1000.0, 1000.0, 1100.0));
        Line none = r.line("memory.supervisor-rss", "MiB");
        none.warren.add(140.0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("950 [900-1,000]", "1,000 [1,000-1,100]", "0.95", "yes");
        assertThat(text.lines().filter(s -> s.startsWith("memory.supervisor-rss"))).singleElement()
                .asString().contains("140 [140-140]", "n/a");
        l.warren.set(0, 700.0);
        l.warren.set(1, 800.0); // median 800 = 0.8x raw
        assertThat(l.met()).isEqualTo("NO");
    }

    @Test
    void unknownScenarioNamesAreRefused() {
        java.nio.file.Path jar = java.nio.file.Path.of("pom.xml");
        assertThatThrownBy(() -> BenchArgs.builder().only(List.of("pipelined", "nonsense")).workerJar(jar).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nonsense");
        assertThatThrownBy(() -> BenchArgs.builder().scale("huge").workerJar(jar).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("huge");
    }
}
