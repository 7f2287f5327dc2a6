package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoolBackoffTest {
    @Test
    void theFirstFailureRestartsAtOnceThenTheDelayDoublesFrom250msUpTo10s() {
        assertThat(PoolBackoff.delayMs(1)).isZero();
        assertThat(PoolBackoff.delayMs(2)).isEqualTo(250);
        assertThat(PoolBackoff.delayMs(3)).isEqualTo(500);
        assertThat(PoolBackoff.delayMs(4)).isEqualTo(1000);
        assertThat(PoolBackoff.delayMs(7)).isEqualTo(8000);
        assertThat(PoolBackoff.delayMs(8)).isEqualTo(10_000);
        assertThat(PoolBackoff.delayMs(1000)).isEqualTo(10_000);
    }

    @Test
    void aChildThatDiesQuicklyCountsAnotherFailureAndOneThatRanLongStartsTheCountOver() {
        assertThat(PoolBackoff.nextFailures(0, Duration.ofMillis(100))).isEqualTo(1);
        assertThat(PoolBackoff.nextFailures(3, Duration.ofMillis(100))).isEqualTo(4);
        assertThat(PoolBackoff.nextFailures(3, Duration.ofSeconds(5))).isEqualTo(1);
        assertThat(PoolBackoff.nextFailures(9, Duration.ofMinutes(1))).isEqualTo(1);
    }
}
