package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.warren.common.internal.Announcement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rates of the last minute and 10-second buckets from cumulative counters. */
class FleetHistoryTest {
    private static final long T0 = 1_795_312_800_000L; // a bucket boundary

    @Test void ratesAreTheCountersDeltaOverTheElapsedTime() {
        FleetHistory h = new FleetHistory();
        h.sample(T0, 100, 5, 1000, 0);
        h.sample(T0 + 2000, 140, 7, 1400, 30);
        h.sample(T0 + 4000, 180, 7, 1800, 12);
        Announcement.Rates r = h.rates();
        assertThat(r.tasksPerSec()).isCloseTo(20.0, within(1e-9));
        assertThat(r.failedPerSec()).isCloseTo(0.5, within(1e-9));
        assertThat(r.meanMs()).isCloseTo(10.0, within(1e-9));
        assertThat(r.maxMs()).isEqualTo(30);
    }

    @Test void samplesOlderThanAMinuteLeaveTheWindow() {
        FleetHistory h = new FleetHistory();
        h.sample(T0, 0, 0, 0, 500);
        h.sample(T0 + 10_000, 1000, 0, 0, 0);
        h.sample(T0 + 70_000, 1060, 0, 600, 7);
        Announcement.Rates r = h.rates();
        assertThat(r.tasksPerSec()).isCloseTo(1.0, within(1e-9)); // (1060 - 1000) / 60 s: the first sample is gone
        assertThat(r.maxMs()).isEqualTo(7);
    }

    @Test void oneSampleOrNoneGivesZeroRates() {
        FleetHistory h = new FleetHistory();
        assertThat(h.rates().tasksPerSec()).isZero();
        h.sample(T0, 10, 0, 0, 0);
        assertThat(h.rates()).isEqualTo(new Announcement.Rates(FleetHistory.WINDOW_MS, 0, 0, 0, 0));
        assertThat(h.points()).isEmpty();
    }

    @Test void deltasGoToTheBucketOfTheSampleThatEndsThem() {
        FleetHistory h = new FleetHistory();
        h.sample(T0 + 8000, 0, 0, 0, 0);
        h.sample(T0 + 9000, 10, 1, 50, 9);
        h.sample(T0 + 11_000, 30, 1, 250, 20);
        List<Announcement.Point> p = h.points();
        assertThat(p).containsExactly(new Announcement.Point(T0, 10_000, 10, 1, 5.0, 9),
                new Announcement.Point(T0 + 10_000, 10_000, 20, 0, 10.0, 20));
    }

    @Test void onlyTheLastThirtyBucketsAreKept() {
        FleetHistory h = new FleetHistory();
        for (int i = 0; i <= 40; i++) h.sample(T0 + i * 10_000L, i, 0, 0, 0);
        assertThat(h.points()).hasSize(FleetHistory.BUCKETS);
        assertThat(h.points().get(FleetHistory.BUCKETS - 1).t()).isEqualTo(T0 + 400_000);
    }
}
