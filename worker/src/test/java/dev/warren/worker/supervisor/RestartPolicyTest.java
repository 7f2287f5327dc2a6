package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    @Test
    void theFirstFailureRestartsAtOnceThenTheDelayDoublesFrom250msUpTo10s() {
        assertThat(RestartPolicy.delayMs(1)).isZero();
        assertThat(RestartPolicy.delayMs(2)).isEqualTo(250);
        assertThat(RestartPolicy.delayMs(3)).isEqualTo(500);
        assertThat(RestartPolicy.delayMs(4)).isEqualTo(1000);
        assertThat(RestartPolicy.delayMs(7)).isEqualTo(8000);
        assertThat(RestartPolicy.delayMs(8)).isEqualTo(10_000);
        assertThat(RestartPolicy.delayMs(1000)).isEqualTo(10_000);
    }

    @Test
    void aChildThatDiesQuicklyCountsAnotherFailureAndOneThatRanLongStartsTheCountOver() {
        assertThat(RestartPolicy.nextFailures(0, Duration.ofMillis(100))).isEqualTo(1);
        assertThat(RestartPolicy.nextFailures(3, Duration.ofMillis(100))).isEqualTo(4);
        assertThat(RestartPolicy.nextFailures(3, Duration.ofSeconds(5))).isEqualTo(1);
        assertThat(RestartPolicy.nextFailures(9, Duration.ofMinutes(1))).isEqualTo(1);
    }

    @Test
    void aChildThatCannotBeStartedIsRetriedAfterAtLeastTheFirstDelay() {
        assertThat(RestartPolicy.spawnRetryDelayMs(1)).isEqualTo(250);
        assertThat(RestartPolicy.spawnRetryDelayMs(3)).isEqualTo(500);
        assertThat(RestartPolicy.spawnRetryDelayMs(50)).isEqualTo(10_000);
    }
}
