package dev.warren.common.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Backoff B = Backoff.exponential(Duration.ofMillis(250), Duration.ofSeconds(10));

    @Test void theFirstRetryWaitsTheFirstDelayAndEachNextOneTwiceAsLongUpToTheMaximum() {
        assertThat(B.delayMs(1)).isEqualTo(250);
        assertThat(B.delayMs(2)).isEqualTo(500);
        assertThat(B.delayMs(3)).isEqualTo(1000);
        assertThat(B.delayMs(6)).isEqualTo(8000);
        assertThat(B.delayMs(7)).isEqualTo(10_000);
        assertThat(B.delay(7)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test void retriesFarPastTheMaximumStayAtTheMaximumWithoutOverflowing() {
        assertThat(B.delayMs(63)).isEqualTo(10_000);
        assertThat(B.delayMs(64)).isEqualTo(10_000);
        assertThat(B.delayMs(Integer.MAX_VALUE)).isEqualTo(10_000);
        Backoff huge = Backoff.exponential(Duration.ofMillis(1), Duration.ofDays(365_000));
        assertThat(huge.delay(61)).isEqualTo(Duration.ofDays(365_000));
    }

    @Test void aMaximumThatIsNoPowerOfTwoOfTheFirstDelayCapsTheDoubling() {
        Backoff b = Backoff.exponential(Duration.ofMillis(250), Duration.ofMillis(5000));
        assertThat(b.delayMs(5)).isEqualTo(4000);
        assertThat(b.delayMs(6)).isEqualTo(5000);
    }

    @Test void theTotalIsTheSumOfTheDelays() {
        Backoff b = Backoff.exponential(Duration.ofMillis(250), Duration.ofMillis(8000));
        // the child's reply retries: 250, 500, 1000, 2000, 4000, 8000, 8000
        assertThat(b.total(7)).isEqualTo(Duration.ofMillis(23_750));
        assertThat(b.total(0)).isEqualTo(Duration.ZERO);
    }

    @Test void itIsAValueWithValidatedBounds() {
        assertThat(Backoff.exponential(Duration.ofMillis(250), Duration.ofSeconds(10))).isEqualTo(B).hasSameHashCodeAs(B);
        assertThat(B.first()).isEqualTo(Duration.ofMillis(250));
        assertThat(B.max()).isEqualTo(Duration.ofSeconds(10));
        assertThat(B).hasToString("Backoff[250 ms doubling to 10000 ms]");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> B.delay(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
