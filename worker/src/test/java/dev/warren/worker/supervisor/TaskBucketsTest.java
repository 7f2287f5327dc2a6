package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The run-time buckets reach the limits by default; configured ones are taken as given; bad ones are named. */
class TaskBucketsTest {
    @Test void theDefaultLastFiniteBucketReachesTheHardLimit() {
        long[] b = TaskBuckets.run(null, Duration.ofMinutes(6), 300_000);
        assertThat(b[b.length - 1]).isGreaterThanOrEqualTo(Duration.ofMinutes(6).toMillis());
        assertThat(b).isSorted().startsWith(1, 5, 10);
        long[] longer = TaskBuckets.run(null, Duration.ofHours(2), 0);
        assertThat(longer[longer.length - 1]).isEqualTo(Duration.ofHours(2).toMillis());
    }

    @Test void configuredBoundsAreParsedSortedAndUsedAsTheyAre() {
        assertThat(TaskBuckets.run("5m, 100ms,1s,2.5s,PT1H", Duration.ofMinutes(6), 0))
                .containsExactly(100, 1000, 2500, 300_000, 3_600_000);
    }

    @Test void aBadValueIsRefusedByName() {
        assertThat(TaskBuckets.problem("1s,fast")).hasValueSatisfying(p -> assertThat(p)
                .startsWith("WARREN_METRICS_DURATION_SLOS=1s,fast is refused").contains("'fast'"));
        assertThat(TaskBuckets.problem("0s")).isPresent();
        assertThat(TaskBuckets.problem("1s,5m")).isEmpty();
        assertThat(TaskBuckets.problem(null)).isEmpty();
    }
}
