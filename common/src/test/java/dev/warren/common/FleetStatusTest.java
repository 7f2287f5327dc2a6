package dev.warren.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.internal.Announcement;
import dev.warren.common.internal.Fleet;
import dev.warren.common.internal.FleetStatus;
import dev.warren.common.internal.QueueCounts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fleet at a glance: sums over live supervisors, one JSON object. */
class FleetStatusTest {
    private static Announcement.Child child(String id, boolean busy) {
        return new Announcement.Child(id, 10, 0, "consuming", 1000, 5, 1, 0, 2048L,
                busy ? new Announcement.Running("t-" + id, "cube", 3) : null);
    }

    private static Announcement sup(String name, double rate, double meanMs, List<Announcement.Child> children,
                                    List<Announcement.Crash> crashes) {
        return new Announcement(name, "h", 1, "dev", "q", "running", 1, 1000, 2000, 8080, children.size(), 4, children,
                new Announcement.Totals(10, 1, 0, 0), new Announcement.Rates(60_000, rate, 0.5, meanMs, 9),
                null, crashes, null, null, null);
    }

    private static FleetStatus status() {
        Fleet f = new Fleet();
        f.accept(sup("a", 10, 2, List.of(child("c1", true), child("c2", false)),
                List.of(new Announcement.Crash(500, "c0", 3, 137, "KILL", "crash", "t-9", "crash", "boom"))), 10_000);
        f.accept(sup("b", 30, 6, List.of(child("c1", true), child("c2", true)), List.of()), 10_000);
        f.accept(sup("old", 100, 1, List.of(child("c1", true)),
                List.of(new Announcement.Crash(900, "c7", 4, 1, null, "crash", null, null, ""))), 1_000);
        return new FleetStatus("q", 10_000, new QueueCounts(7L, 4L, 2L), f.members(10_000));
    }

    @Test void unackedCountsTheTasksLiveChildrenRunAndNotTheGoneSupervisors() {
        FleetStatus s = status();
        assertThat(s.live()).extracting(Fleet.Member::name).containsExactly("a", "b");
        assertThat(s.unacked()).isEqualTo(3);
        assertThat(s.prefetched()).isEqualTo(16);
    }

    @Test void ratesAreSummedAndTheMeanIsWeightedByRate() {
        FleetStatus s = status();
        assertThat(s.tasksPerSec()).isEqualTo(40.0);
        assertThat(s.failedPerSec()).isEqualTo(1.0);
        assertThat(s.meanMs()).isEqualTo((10 * 2 + 30 * 6) / 40.0);
    }

    @Test void crashesOfEverySupervisorIncludingGoneOnesAreListedNewestFirst() {
        assertThat(status().crashes()).extracting(FleetStatus.Named::supervisor).containsExactly("old", "a");
    }

    @Test void theJsonHasAQueueObjectAndASupervisorsArrayWithNamesAndOneEntryPerChild() {
        JsonNode j = status().toJson();
        assertThat(j.get("queue").get("ready").asLong()).isEqualTo(7);
        assertThat(j.get("queue").get("unacked").asLong()).isEqualTo(3);
        assertThat(j.get("queue").get("dead").asLong()).isEqualTo(2);
        assertThat(j.get("supervisors")).hasSize(3);
        assertThat(j.get("supervisors").get(0).get("name").asText()).isEqualTo("a");
        assertThat(j.get("supervisors").get(0).get("children")).hasSize(2);
        assertThat(j.get("supervisors").get(0).has("op")).isFalse();
        assertThat(j.get("supervisors").get(2).get("presence").asText()).isEqualTo("gone");
        assertThat(j.get("crashes").get(0).get("supervisor").asText()).isEqualTo("old");
    }

    @Test void aMissingQueueIsNullInTheJson() {
        FleetStatus s = new FleetStatus("q", 1, new QueueCounts(null, null, null), List.of());
        JsonNode j = s.toJson();
        assertThat(j.get("queue").get("ready").isNull()).isTrue();
        assertThat(j.get("queue").get("unacked").asLong()).isZero();
        assertThat(j.get("supervisors")).isEmpty();
    }
}
