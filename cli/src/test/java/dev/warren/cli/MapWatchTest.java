package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The map's watch, with a counter standing in for the executor's shutdownNow. */
class MapWatchTest {
    private final AtomicInteger stops = new AtomicInteger();

    private static Wait of(long ms) { return new Wait(Duration.ofMillis(ms)); }

    @Test void noResultWithinTheTimeoutStopsTheMapOnceWithTheQueueState() {
        try (MapWatch watch = new MapWatch(of(300), Wait.FOREVER, stops::incrementAndGet, () -> "queue q has 0 consumers")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> stops.get() == 1);
            assertThat(watch.fired()).isEqualTo("no result within 300ms; queue q has 0 consumers");
            await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(5)).until(() -> stops.get() == 1);
        }
    }

    @Test void timeSpentReadingTheInputDoesNotCountAsWaitingOnTheWorkers() {
        try (MapWatch watch = new MapWatch(of(200), Wait.FOREVER, stops::incrementAndGet, () -> "queue q")) {
            watch.reading(); // e.g. a slow stdin: blocked here for longer than the timeout
            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> watch.fired() == null);
            assertThat(stops).hasValue(0);
            watch.read();
            await().atMost(Duration.ofSeconds(10)).until(() -> stops.get() == 1);
            assertThat(watch.fired()).startsWith("no result within 200ms");
        }
    }

    @Test void resultsKeepAMapAliveThatTakesLongerThanTheTimeout() {
        try (MapWatch watch = new MapWatch(of(300), Wait.FOREVER, stops::incrementAndGet, () -> "queue q")) {
            await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
                watch.result();
                return watch.fired() == null;
            });
            assertThat(stops).hasValue(0);
        }
    }

    @Test void theDeadlineEndsTheMapEvenWhileResultsKeepComing() {
        try (MapWatch watch = new MapWatch(Wait.FOREVER, of(400), stops::incrementAndGet, () -> "queue q")) {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
                watch.result();
                return stops.get() == 1;
            });
            assertThat(watch.fired()).isEqualTo("the map did not end within --deadline 400ms; queue q");
        }
    }

    @Test void aClosedWatchNeverStopsTheMap() {
        MapWatch watch = new MapWatch(of(100), Wait.FOREVER, stops::incrementAndGet, () -> "queue q");
        watch.close();
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(5)).until(() -> watch.fired() == null);
        assertThat(stops).hasValue(0);
    }
}
