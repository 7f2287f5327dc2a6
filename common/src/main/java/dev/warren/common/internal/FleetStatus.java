package dev.warren.common.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The fleet at a glance: the queue's counts and every supervisor's last announcement, as {@code warren status}
 * prints it and the dashboard shows it. Sums (running tasks, rates) count live supervisors only.
 *
 * @param queue   the task queue
 * @param at      epoch ms of this view
 * @param counts  the broker's counts
 * @param members the supervisors, by name
 */
public record FleetStatus(String queue, long at, QueueCounts counts, List<Fleet.Member> members) {
    /** Crashes, failures and dead letters shown fleet-wide, newest first. */
    public static final int RECENT = 20;

    public FleetStatus {
        members = List.copyOf(members);
    }

    /** The live supervisors. */
    public List<Fleet.Member> live() {
        return members.stream().filter(m -> m.presence() == Fleet.Presence.LIVE).toList();
    }

    /**
     * Unacknowledged tasks as far as warren knows: the tasks the live supervisors' children are running.
     * Messages a child has prefetched but not started are unacknowledged too, but only the broker's management
     * API could count them; at most {@link #prefetched()} of them.
     */
    public long unacked() { return live().stream().mapToLong(m -> m.last().running()).sum(); }

    /** The most messages the live children may hold unacknowledged: children × prefetch. */
    public long prefetched() {
        return live().stream().mapToLong(m -> (long) m.last().children().size() * Math.max(1, m.last().prefetch())).sum();
    }

    /** Tasks per second over the live supervisors (their last minute). */
    public double tasksPerSec() { return live().stream().mapToDouble(m -> m.last().rates().tasksPerSec()).sum(); }

    public double failedPerSec() { return live().stream().mapToDouble(m -> m.last().rates().failedPerSec()).sum(); }

    /** Mean task run time over the live supervisors, weighted by their rates; 0 without tasks. */
    public double meanMs() {
        double n = 0, sum = 0;
        for (Fleet.Member m : live()) {
            n += m.last().rates().tasksPerSec();
            sum += m.last().rates().tasksPerSec() * m.last().rates().meanMs();
        }
        return n == 0 ? 0 : sum / n;
    }

    /** Recent crashes of every supervisor, newest first, with the supervisor's name. */
    public List<Named<Announcement.Crash>> crashes() {
        List<Named<Announcement.Crash>> all = new ArrayList<>();
        for (Fleet.Member m : members) for (Announcement.Crash c : m.last().crashes()) all.add(new Named<>(m.name(), c.at(), c));
        return newest(all);
    }

    public List<Named<Announcement.Failure>> failures() {
        List<Named<Announcement.Failure>> all = new ArrayList<>();
        for (Fleet.Member m : members) for (Announcement.Failure f : m.last().failures()) all.add(new Named<>(m.name(), f.at(), f));
        return newest(all);
    }

    public List<Named<Announcement.Dead>> deadLettered() {
        List<Named<Announcement.Dead>> all = new ArrayList<>();
        for (Fleet.Member m : members) for (Announcement.Dead d : m.last().dead()) all.add(new Named<>(m.name(), d.at(), d));
        return newest(all);
    }

    /** An item of a supervisor's announcement, with that supervisor's name. */
    public record Named<T>(String supervisor, long at, T item) {}

    private static <T> List<Named<T>> newest(List<Named<T>> all) {
        all.sort(Comparator.comparingLong((Named<T> n) -> n.at()).reversed());
        return List.copyOf(all.subList(0, Math.min(RECENT, all.size())));
    }

    /**
     * One JSON object: {@code queue} ({@code name}, {@code ready}, {@code unacked}, {@code consumers}, {@code dead},
     * {@code prefetched}), {@code throughput}, {@code supervisors} (each its announcement with {@code name},
     * {@code presence} and {@code seenAgoMs}; {@code children} one entry per child), and the fleet's recent
     * {@code crashes}, {@code failures} and {@code deadLettered}, newest first.
     */
    public ObjectNode toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode().put("at", at);
        ObjectNode q = root.putObject("queue").put("name", queue);
        putCount(q, "ready", counts.ready());
        q.put("unacked", unacked());
        putCount(q, "consumers", counts.consumers());
        putCount(q, "dead", counts.dead());
        q.put("prefetched", prefetched());
        root.putObject("throughput").put("tasksPerSec", tasksPerSec()).put("failedPerSec", failedPerSec())
                .put("meanMs", meanMs());
        ArrayNode sups = root.putArray("supervisors");
        for (Fleet.Member m : members) {
            ObjectNode s = Json.MAPPER.createObjectNode().put("name", m.name()).put("presence", m.presence().label())
                    .put("seenAgoMs", Math.max(0, at - m.seenAt()));
            ObjectNode a = Json.MAPPER.valueToTree(m.last());
            a.remove("op");
            a.remove("supervisor");
            s.setAll(a);
            sups.add(s);
        }
        root.set("crashes", named(crashes()));
        root.set("failures", named(failures()));
        root.set("deadLettered", named(deadLettered()));
        return root;
    }

    private static void putCount(ObjectNode o, String field, Long v) {
        if (v == null) o.putNull(field); else o.put(field, v);
    }

    private static <T> ArrayNode named(List<Named<T>> items) {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        for (Named<T> n : items) {
            ObjectNode o = Json.MAPPER.createObjectNode().put("supervisor", n.supervisor());
            o.setAll((ObjectNode) Json.MAPPER.valueToTree(n.item()));
            arr.add(o);
        }
        return arr;
    }
}
