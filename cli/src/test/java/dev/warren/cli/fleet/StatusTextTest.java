package dev.warren.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.internal.Announcement;
import dev.warren.common.internal.Fleet;
import dev.warren.common.internal.FleetStatus;
import dev.warren.common.internal.QueueCounts;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code warren status} as text. */
class StatusTextTest {
    private static final long NOW = 1_795_312_800_000L;

    private static Announcement sup(String name, String state, List<Announcement.Child> children, List<Announcement.Crash> crashes) {
        return new Announcement(name, "host-" + name, 42, "0.1.0", "q", state, NOW - 60_000, NOW - 500, 2000, 8080, 2, 1,
                children, new Announcement.Totals(120, 3, 1, 2), new Announcement.Rates(60_000, 12.5, 0.25, 4.0, 30),
                null, crashes, null, null, null);
    }

    private static Announcement.Child child(String id, Announcement.Running task) {
        return new Announcement.Child(id, 100, 0, "consuming", 5000, 60, 1, 2, 81_920L, task);
    }

    private final StatusText text = new StatusText(ZoneOffset.UTC);

    @Test void namesTheQueueCountsEverySupervisorAndEachOfItsChildren() {
        Fleet f = new Fleet();
        f.accept(sup("alpha", "running", List.of(child("child-1", new Announcement.Running("0b6f1f5e-3c1a", "cube", 12)),
                child("child-2", null)), List.of()), NOW - 500);
        f.accept(sup("beta", "running", List.of(child("child-1", null)), List.of()), NOW - 500);
        String out = text.render(new FleetStatus("q", NOW, new QueueCounts(5L, 3L, 2L), f.members(NOW)));
        assertThat(out).startsWith("queue q: 5 ready, 1 running (unacked), 3 consumers, 2 dead letters\n");
        assertThat(out).contains("fleet: 2 of 2 supervisors live, 3 children, 25.0 tasks/s, 0.50 failed/s, mean 4.0 ms");
        assertThat(out).contains("\nalpha  live  running  host-alpha pid 42  v0.1.0  2/2 children  12.5 tasks/s  done 120 failed 3 restarts 2  http :8080\n");
        assertThat(out).containsPattern("child-1 +100 +0 +consuming +60 +1 +80 MB +2  cube 0b6f1f5e \\(12 ms\\)");
        assertThat(out).containsPattern("child-2 .* idle");
        assertThat(out).contains("\nbeta  live");
        assertThat(out).contains("prefetched tasks not started yet are unacked too, at most 2");
    }

    @Test void aWarmSpareIsCountedApartFromTheChildrenInSlots() {
        Announcement.Child spare = new Announcement.Child("child-3", 101, Announcement.SPARE_SLOT, "starting", 900, 0, 0, 0,
                null, null);
        Fleet f = new Fleet();
        f.accept(sup("alpha", "running", List.of(child("child-1", null), child("child-2", null), spare), List.of()), NOW - 500);
        String out = text.render(new FleetStatus("q", NOW, new QueueCounts(0L, 0L, 2L), f.members(NOW)));
        assertThat(out).contains("fleet: 1 of 1 supervisors live, 2 children + 1 spare, 12.5 tasks/s");
        assertThat(out).contains("  v0.1.0  2/2 children + 1 spare  12.5 tasks/s");
        assertThat(out).containsPattern("child-3 +101 +-1 +starting");
    }

    @Test void anAnnouncedSpareCountWinsOverTheSlots() {
        Announcement a = sup("alpha", "running", List.of(child("child-1", null), child("child-2", null)), List.of());
        Announcement twoSpares = new Announcement(a.supervisor(), a.host(), a.pid(), a.version(), a.queue(), a.state(),
                a.started(), a.at(), a.interval(), a.httpPort(), 0, a.prefetch(), a.children(), a.totals(), a.rates(),
                a.history(), a.crashes(), a.failures(), a.dead(), 2);
        Fleet f = new Fleet();
        f.accept(twoSpares, NOW - 500);
        String out = text.render(new FleetStatus("q", NOW, new QueueCounts(0L, 0L, 0L), f.members(NOW)));
        assertThat(out).contains("0 children + 2 spares,").contains("0/0 children + 2 spares  ");
    }

    @Test void aSilentSupervisorIsShownGoneWithWhenItWasLastHeard() {
        Fleet f = new Fleet();
        f.accept(sup("alpha", "running", List.of(), List.of()), NOW - 20_000);
        String out = text.render(new FleetStatus("q", NOW, new QueueCounts(0L, 0L, 0L), f.members(NOW)));
        assertThat(out).contains("alpha  gone (last heard 20 s ago)  running");
        assertThat(out).contains("fleet: 0 of 1 supervisors live, 0 children");
    }

    @Test void recentCrashesShowTheirCauseTaskAndLastStderrLines() {
        Fleet f = new Fleet();
        String stderr = "l1\nl2\nl3\nl4\nl5\nl6\nl7";
        f.accept(sup("alpha", "running", List.of(), List.of(new Announcement.Crash(NOW - 3_600_000, "child-3", 77, 137, "KILL",
                "hard-time-limit", "77e1c2aa-5b0e", "sleep", stderr))), NOW);
        String out = text.render(new FleetStatus("q", NOW, new QueueCounts(0L, 0L, 0L), f.members(NOW)));
        assertThat(out).contains("recent crashes (newest first)\n  01:00:00 alpha child-3 pid 77 exit 137 (SIGKILL) hard-time-limit while running sleep 77e1c2aa\n");
        assertThat(out).contains("    | l3\n").contains("    | l7\n").doesNotContain("| l2");
    }

    @Test void anEmptyFleetAndAMissingQueueSaySo() {
        String out = text.render(new FleetStatus("q", NOW, new QueueCounts(null, null, null), List.of()));
        assertThat(out).contains("queue q: ? ready, 0 running (unacked), ? consumers, ? dead letters  (the queue does not exist)");
        assertThat(out).contains("no supervisor announced itself on q.fleet");
    }
}
