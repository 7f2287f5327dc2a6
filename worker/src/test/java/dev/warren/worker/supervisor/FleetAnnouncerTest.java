package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.internal.Announcement;
import dev.warren.common.internal.FleetMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What a supervisor announces, from pool events and its pool's snapshot. */
class FleetAnnouncerTest {
    private final FleetStats stats = new FleetStats();
    private final AtomicReference<List<PoolChildView>> views = new AtomicReference<>(List.of());
    private final List<FleetMessage> published = new CopyOnWriteArrayList<>();
    private final FleetAnnouncer announcer = new FleetAnnouncer(
            new FleetAnnouncer.Identity("sup-1", "host-a", 42, "1.2.3", "q", 1000, 2000, 2, 1),
            stats, views::get, () -> "running", () -> 8080, published::add);

    private static ChildProcessEvent end(String id, String task, boolean ok, long ms) {
        return new ChildProcessEvent("end", 0, id, task, 1, ok ? "ok" : "error", ok ? null : "java.lang.IllegalStateException",
                ms, null, null);
    }

    private void startChild(String id, long pid, int slot) {
        List<PoolChildView> now = new java.util.ArrayList<>(views.get());
        now.add(new PoolChildView(id, pid, slot, "consuming", 10, 0, null, null, null));
        views.set(now);
        stats.childStarted(id, pid);
    }

    @Test void itCountsEachChildsTasksAndFailuresAndTheSupervisorsTotals() {
        stats.attach(views::get);
        startChild("child-1", 101, 0);
        startChild("child-2", 102, 1);
        stats.taskEnded("child-1", 101, end("t-1", "cube", true, 4));
        stats.taskEnded("child-1", 101, end("t-2", "fail", false, 6));
        stats.taskEnded("child-2", 102, end("t-3", "cube", true, 2));
        stats.deadLettered("child-2", 102, new ChildProcessEvent("dead", 0, "t-4", "nope", 1, null, null, 0,
                "warren.UnknownTask", null));
        Announcement a = announcer.build(5000, null);
        assertThat(a.supervisor()).isEqualTo("sup-1");
        assertThat(a.state()).isEqualTo("running");
        assertThat(a.httpPort()).isEqualTo(8080);
        assertThat(a.children()).extracting(Announcement.Child::id, Announcement.Child::done, Announcement.Child::failed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("child-1", 2L, 1L), org.assertj.core.groups.Tuple.tuple("child-2", 1L, 0L));
        assertThat(a.totals()).isEqualTo(new Announcement.Totals(3, 1, 1, 0));
        assertThat(a.failures()).singleElement().satisfies(f -> {
            assertThat(f.taskId()).isEqualTo("t-2");
            assertThat(f.error()).isEqualTo("java.lang.IllegalStateException");
        });
        assertThat(a.dead()).singleElement().extracting(Announcement.Dead::reason).isEqualTo("warren.UnknownTask");
    }

    @Test void theWarmSpareIsAnnouncedAmongTheChildrenAndCountedAsASpare() {
        startChild("child-1", 101, 0);
        startChild("child-2", 102, 1);
        assertThat(announcer.build(5000, null).spares()).isZero();
        startChild("child-3", 103, Announcement.SPARE_SLOT);
        Announcement a = announcer.build(6000, null);
        assertThat(a.children()).hasSize(3);
        assertThat(a.spares()).isEqualTo(1);
        assertThat(a.slotChildren()).isEqualTo(2);
    }

    @Test void aCrashIsNotedWithItsStderrAndCountedAsARestartOfItsSlot() {
        stats.attach(views::get);
        startChild("child-1", 101, 0);
        startChild("child-2", 102, 1);
        views.set(List.of(views.get().get(0)));
        stats.childExited(new PoolExit("child-2", 102, 137, "KILL", PoolExitCause.CRASH, "t-9", "crash", Duration.ofSeconds(3),
                List.of("line 1", "line 2"), true));
        startChild("child-3", 103, 1);
        Announcement a = announcer.build(5000, null);
        assertThat(a.children()).extracting(Announcement.Child::id, Announcement.Child::restarts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("child-1", 0L), org.assertj.core.groups.Tuple.tuple("child-3", 1L));
        assertThat(a.totals().restarts()).isEqualTo(1);
        assertThat(a.crashes()).singleElement().satisfies(c -> {
            assertThat(c.exit()).isEqualTo(137);
            assertThat(c.signal()).isEqualTo("KILL");
            assertThat(c.cause()).isEqualTo("crash");
            assertThat(c.task()).isEqualTo("crash");
            assertThat(c.stderr()).isEqualTo("line 1\nline 2");
        });
    }

    @Test void aRecycleOrDrainIsNoCrash() {
        stats.childExited(new PoolExit("child-1", 1, 0, null, PoolExitCause.RECYCLE, null, null, Duration.ZERO, List.of(), false));
        stats.childExited(new PoolExit("child-2", 2, 0, null, PoolExitCause.DRAIN, null, null, Duration.ZERO, List.of(), false));
        Announcement a = announcer.build(5000, null);
        assertThat(a.crashes()).isEmpty();
        assertThat(a.totals().restarts()).isEqualTo(1);
    }

    @Test void aRunningTaskIsAnnouncedWithItsNameAndTime() {
        views.set(List.of(new PoolChildView("child-1", 101, 0, "consuming", 10, 0, "t-7", "sleep", 1500L)));
        Announcement.Running r = announcer.build(5000, null).children().get(0).task();
        assertThat(r).isEqualTo(new Announcement.Running("t-7", "sleep", 1500));
    }

    @Test void closeAnnouncesStoppedOnceAndNothingAfter() {
        announcer.close();
        announcer.close();
        announcer.announceSoon();
        assertThat(published).singleElement().satisfies(m -> assertThat(((Announcement) m).state()).isEqualTo("stopped"));
    }

    @Test void theLastStderrLinesAreKeptWithinTheLimit() {
        List<String> many = java.util.stream.IntStream.range(0, 50).mapToObj(i -> "line " + i).toList();
        assertThat(FleetStats.stderr(many)).startsWith("line 30\n").endsWith("line 49");
        String huge = FleetStats.stderr(List.of("x".repeat(10_000)));
        assertThat(huge).hasSize(FleetStats.STDERR_CHARS + 1).startsWith("…");
    }

    @Test void theResidentMemoryOfThisProcessIsReadOnLinux() {
        Long kb = FleetAnnouncer.rssKb(ProcessHandle.current().pid());
        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self"))) assertThat(kb).isPositive();
        assertThat(FleetAnnouncer.rssKb(Long.MAX_VALUE)).isNull();
    }
}
