package dev.warren.cli.fleet;

import dev.warren.common.internal.Announcement;
import dev.warren.common.internal.Fleet;
import dev.warren.common.internal.FleetStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** {@code warren status} as text: the queue, the fleet's rates, each supervisor and its children, recent crashes. Pure. */
public final class StatusText {
    /** Stderr lines of each crash shown. */
    static final int STDERR_LINES = 5;
    static final int CRASHES = 5;

    private final ZoneId zone;

    public StatusText(ZoneId zone) { this.zone = zone; }

    public String render(FleetStatus s) {
        StringBuilder b = new StringBuilder();
        b.append("queue ").append(s.queue()).append(": ").append(count(s.counts().ready())).append(" ready, ")
                .append(s.unacked()).append(" running (unacked), ").append(count(s.counts().consumers())).append(" consumers, ")
                .append(count(s.counts().dead())).append(" dead letters");
        if (s.counts().ready() == null) b.append("  (the queue does not exist)");
        b.append('\n');
        if (s.prefetched() > s.unacked()) {
            b.append("  (prefetched tasks not started yet are unacked too, at most ").append(s.prefetched() - s.unacked())
                    .append("; only the broker's management plugin counts them)\n");
        }
        List<Fleet.Member> live = s.live();
        int children = live.stream().mapToInt(m -> m.last().slotChildren()).sum();
        int spares = live.stream().mapToInt(m -> m.last().spareCount()).sum();
        b.append(String.format(Locale.ROOT, "fleet: %d of %d supervisors live, %d children%s, %.1f tasks/s, %.2f failed/s, mean %.1f ms (last minute)%n",
                live.size(), s.members().size(), children, spares(spares), s.tasksPerSec(), s.failedPerSec(), s.meanMs()));
        if (s.members().isEmpty()) {
            b.append("\nno supervisor announced itself on ").append(s.queue()).append(".fleet\n");
        }
        for (Fleet.Member m : s.members()) supervisor(b, m, s.at());
        List<FleetStatus.Named<Announcement.Crash>> crashes = s.crashes();
        if (!crashes.isEmpty()) {
            b.append("\nrecent crashes (newest first)\n");
            for (FleetStatus.Named<Announcement.Crash> n : crashes.subList(0, Math.min(CRASHES, crashes.size()))) crash(b, n);
        }
        return b.toString();
    }

    private void supervisor(StringBuilder b, Fleet.Member m, long now) {
        Announcement a = m.last();
        b.append('\n').append(a.supervisor()).append("  ").append(m.presence().label());
        if (m.presence() != Fleet.Presence.LIVE) {
            b.append(" (last heard ").append(Math.max(0, now - m.seenAt()) / 1000).append(" s ago)");
        }
        b.append("  ").append(a.state()).append("  ").append(a.host()).append(" pid ").append(a.pid()).append("  v")
                .append(a.version()).append("  ").append(a.slotChildren()).append('/').append(a.size()).append(" children").append(spares(a.spareCount()))
                .append(String.format(Locale.ROOT, "  %.1f tasks/s", a.rates().tasksPerSec()))
                .append("  done ").append(a.totals().done()).append(" failed ").append(a.totals().failed())
                .append(" restarts ").append(a.totals().restarts());
        if (a.httpPort() != null) b.append("  http :").append(a.httpPort());
        b.append('\n');
        if (a.children().isEmpty()) return;
        b.append(String.format(Locale.ROOT, "  %-10s %-8s %-4s %-10s %8s %7s %8s %8s  %s%n",
                "CHILD", "PID", "SLOT", "STATE", "DONE", "FAILED", "RSS", "RESTARTS", "TASK"));
        for (Announcement.Child c : a.children()) {
            String task = c.task() == null ? "idle"
                    : c.task().name() + " " + shortId(c.task().id()) + " (" + c.task().ms() + " ms)";
            b.append(String.format(Locale.ROOT, "  %-10s %-8d %-4d %-10s %8d %7d %8s %8d  %s%n", c.id(), c.pid(), c.slot(),
                    c.state(), c.done(), c.failed(), c.rssKb() == null ? "-" : (c.rssKb() / 1024) + " MB", c.restarts(), task));
        }
    }

    private void crash(StringBuilder b, FleetStatus.Named<Announcement.Crash> n) {
        Announcement.Crash c = n.item();
        b.append("  ").append(time(c.at())).append(' ').append(n.supervisor()).append(' ').append(c.child()).append(" pid ")
                .append(c.pid()).append(" exit ").append(c.exit());
        if (c.signal() != null) b.append(" (SIG").append(c.signal()).append(')');
        b.append(' ').append(c.cause());
        if (c.task() != null) b.append(" while running ").append(c.task()).append(' ').append(shortId(c.taskId()));
        b.append('\n');
        List<String> lines = c.stderr() == null || c.stderr().isEmpty() ? List.of() : List.of(c.stderr().split("\n"));
        for (String l : lines.subList(Math.max(0, lines.size() - STDERR_LINES), lines.size())) b.append("    | ").append(l).append('\n');
    }

    String time(long epochMs) {
        return DateTimeFormatter.ofPattern("HH:mm:ss").withZone(zone).format(Instant.ofEpochMilli(epochMs));
    }

    static String shortId(String id) { return id == null ? "" : id.length() <= 8 ? id : id.substring(0, 8); }

    /** {@code " + 1 spare"}, {@code " + 2 spares"}, or nothing without spares. */
    static String spares(int n) { return n == 0 ? "" : " + " + n + (n == 1 ? " spare" : " spares"); }

    private static String count(Long n) { return n == null ? "?" : Long.toString(n); }
}
