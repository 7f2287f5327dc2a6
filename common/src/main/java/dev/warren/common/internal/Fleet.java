package dev.warren.common.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet as a reader of {@code <queue>.fleet} knows it: the last announcement of every supervisor,
 * and whether it is still there. A supervisor is {@link Presence#GONE} when it missed
 * {@value #MISSED_BEFORE_GONE} announcements (3 × its interval without one; 6 s with the default
 * interval of 2 s), {@link Presence#STOPPED} when its last announcement said so, and forgotten
 * {@value #FORGET_AFTER_MS} ms after it was last heard. No I/O: {@link FleetListener} feeds it. Thread-safe.
 */
public final class Fleet {
    /** Announcements a supervisor may miss before it is shown as gone. */
    public static final int MISSED_BEFORE_GONE = 3;
    /** A gone or stopped supervisor is dropped from the view after this long (10 minutes). */
    public static final long FORGET_AFTER_MS = 600_000;
    /** Intervals below this are read as this, so a bogus interval cannot make a live supervisor look gone. */
    static final long MIN_INTERVAL_MS = 500;

    /** Whether a supervisor is still there. */
    public enum Presence {
        /** Announced within the last {@value #MISSED_BEFORE_GONE} intervals. */
        LIVE,
        /** Silent for longer: killed, partitioned from the broker, or frozen. */
        GONE,
        /** Its last announcement said it stopped (drained). */
        STOPPED;

        public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /**
     * A supervisor as the reader sees it.
     *
     * @param last     its last announcement
     * @param seenAt   epoch ms (reader's clock) when that announcement arrived
     * @param presence whether it is still there, at the time of the snapshot
     */
    public record Member(Announcement last, long seenAt, Presence presence) {
        public String name() { return last.supervisor(); }
    }

    private final Map<String, Member> members = new LinkedHashMap<>();

    /** Takes an announcement received at {@code receivedAt} (epoch ms, the reader's clock). */
    public synchronized void accept(Announcement a, long receivedAt) {
        Member old = members.get(a.supervisor());
        // the same supervisor's announcements arrive in order; a restarted one (new start time) replaces the old
        if (old != null && old.last().started() == a.started() && old.last().at() > a.at()) return;
        members.put(a.supervisor(), new Member(a, receivedAt, presence(a, receivedAt, receivedAt)));
    }

    /** Every supervisor heard of within {@link #FORGET_AFTER_MS}, by name, with its presence at {@code now}. */
    public synchronized List<Member> members(long now) {
        members.values().removeIf(m -> now - m.seenAt() > FORGET_AFTER_MS);
        List<Member> list = new ArrayList<>();
        for (Member m : members.values()) list.add(new Member(m.last(), m.seenAt(), presence(m.last(), m.seenAt(), now)));
        list.sort(Comparator.comparing(Member::name));
        return list;
    }

    /** How long a supervisor announcing every {@code intervalMs} may stay silent before it is gone. */
    public static long goneAfterMs(long intervalMs) {
        return MISSED_BEFORE_GONE * Math.max(MIN_INTERVAL_MS, intervalMs);
    }

    static Presence presence(Announcement a, long seenAt, long now) {
        if (Announcement.STOPPED.equals(a.state())) return Presence.STOPPED;
        return now - seenAt > goneAfterMs(a.interval()) ? Presence.GONE : Presence.LIVE;
    }
}
