package dev.warren.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.internal.Announcement;
import dev.warren.common.internal.Fleet;
import org.junit.jupiter.api.Test;

/** Which supervisors a reader shows, and as what. */
class FleetTest {
    static Announcement announcement(String name, String state, long started, long at) {
        return new Announcement(name, "h", 1, "dev", "q", state, started, at, 2000, null, 2, 1,
                null, null, null, null, null, null, null, null);
    }

    @Test void aSupervisorIsLiveUntilItMissesThreeAnnouncements() {
        Fleet f = new Fleet();
        f.accept(announcement("a", "running", 1, 1000), 10_000);
        assertThat(f.members(10_000 + 6_000)).singleElement().extracting(Fleet.Member::presence).isEqualTo(Fleet.Presence.LIVE);
        assertThat(f.members(10_000 + 6_001)).singleElement().extracting(Fleet.Member::presence).isEqualTo(Fleet.Presence.GONE);
        f.accept(announcement("a", "running", 1, 9000), 17_000);
        assertThat(f.members(17_000)).singleElement().extracting(Fleet.Member::presence).isEqualTo(Fleet.Presence.LIVE);
    }

    @Test void aStoppedAnnouncementShowsTheSupervisorStoppedAtOnce() {
        Fleet f = new Fleet();
        f.accept(announcement("a", "running", 1, 1000), 10_000);
        f.accept(announcement("a", Announcement.STOPPED, 1, 2000), 11_000);
        assertThat(f.members(11_000)).singleElement().extracting(Fleet.Member::presence).isEqualTo(Fleet.Presence.STOPPED);
    }

    @Test void aSupervisorSilentForTenMinutesIsForgotten() {
        Fleet f = new Fleet();
        f.accept(announcement("a", "running", 1, 1000), 10_000);
        f.accept(announcement("b", "running", 1, 1000), 10_000 + Fleet.FORGET_AFTER_MS);
        assertThat(f.members(10_000 + Fleet.FORGET_AFTER_MS + 1)).extracting(Fleet.Member::name).containsExactly("b");
    }

    @Test void anOlderAnnouncementOfTheSameRunIsIgnoredButARestartReplacesIt() {
        Fleet f = new Fleet();
        f.accept(announcement("a", "draining", 1, 5000), 10_000);
        f.accept(announcement("a", "running", 1, 3000), 10_001);
        assertThat(f.members(10_001).get(0).last().state()).isEqualTo("draining");
        f.accept(announcement("a", "connecting", 2, 100), 10_002);
        assertThat(f.members(10_002).get(0).last().state()).isEqualTo("connecting");
    }

    @Test void membersAreSortedByName() {
        Fleet f = new Fleet();
        f.accept(announcement("zeta", "running", 1, 1), 1);
        f.accept(announcement("alpha", "running", 1, 1), 1);
        assertThat(f.members(2)).extracting(Fleet.Member::name).containsExactly("alpha", "zeta");
    }

    @Test void aBogusIntervalCannotMakeALiveSupervisorLookGone() {
        assertThat(Fleet.goneAfterMs(0)).isEqualTo(1500);
        assertThat(Fleet.goneAfterMs(2000)).isEqualTo(6000);
    }
}
