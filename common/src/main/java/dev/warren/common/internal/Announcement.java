package dev.warren.common.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A supervisor's state, published on the fanout exchange {@code <queue>.fleet} every
 * {@code interval} ms and when it stops (docs/protocol.md, section 13). Readers ignore fields they do
 * not know; lists are never null on the wire (empty instead).
 *
 * @param supervisor the supervisor's name (unique in the fleet: by default {@code <host>-<pid>})
 * @param host       its host name
 * @param pid        its process id
 * @param version    the warren version it runs
 * @param queue      the task queue it serves
 * @param state      {@code connecting}, {@code running}, {@code draining} or {@code stopped} (the last announcement)
 * @param started    epoch ms when it started
 * @param at         epoch ms when this announcement was made
 * @param interval   ms until its next announcement; a reader counts it gone after 3 missed ones
 * @param httpPort   the port of its HTTP server (dashboard, health, metrics), or null
 * @param size       the children it keeps
 * @param prefetch   tasks each child may hold unacknowledged
 * @param children   its children now, by slot
 * @param totals     counters since it started
 * @param rates      rates over the last {@link Rates#windowMs()} ms
 * @param history    per-bucket throughput and latency over the last minutes, oldest first
 * @param crashes    the latest children that ended unasked for, oldest first
 * @param failures   the latest tasks that ended with an error reply, oldest first
 * @param dead       the latest messages its children dead-lettered, oldest first
 * @param spares     how many of {@code children} are warm spares (slot {@value #SPARE_SLOT}, consuming nothing yet);
 *                   optional: null when the supervisor did not say (then {@link #spareCount()} counts them by slot)
 */
@JsonPropertyOrder({"op"})
public record Announcement(String supervisor, String host, long pid, String version, String queue, String state,
                           long started, long at, long interval, Integer httpPort, int size, int prefetch,
                           List<Child> children, Totals totals, Rates rates, List<Point> history,
                           List<Crash> crashes, List<Failure> failures, List<Dead> dead,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Integer spares) implements FleetMessage {
    public static final String OP = "announce";
    /** The state of a supervisor's last announcement. */
    public static final String STOPPED = "stopped";
    /** The {@code slot} of a warm spare child: it has no slot until it takes one. */
    public static final int SPARE_SLOT = -1;

    public Announcement {
        children = children == null ? List.of() : List.copyOf(children);
        history = history == null ? List.of() : List.copyOf(history);
        crashes = crashes == null ? List.of() : List.copyOf(crashes);
        failures = failures == null ? List.of() : List.copyOf(failures);
        dead = dead == null ? List.of() : List.copyOf(dead);
        totals = totals == null ? new Totals(0, 0, 0, 0) : totals;
        rates = rates == null ? new Rates(0, 0, 0, 0, 0) : rates;
    }

    @JsonProperty("op")
    @Override public String op() { return OP; }

    /** Tasks its children are running now. */
    public int running() {
        return (int) children.stream().filter(c -> c.task() != null).count();
    }

    /** Warm spare children: {@code spares} as announced, else the children in slot {@value #SPARE_SLOT}. */
    public int spareCount() {
        return spares != null ? spares : (int) children.stream().filter(c -> c.slot() == SPARE_SLOT).count();
    }

    /** The children in the pool's slots, the ones that consume: all but the {@link #spareCount()} spares. */
    public int slotChildren() { return Math.max(0, children.size() - spareCount()); }

    /**
     * One child.
     *
     * @param slot     its slot (0-based), or {@value Announcement#SPARE_SLOT} for a warm spare
     * @param restarts children of this slot that ended and were replaced
     * @param rssKb    resident memory in KiB, or null when unknown
     * @param task     the task it runs, or null
     */
    public record Child(String id, long pid, int slot, String state, long uptimeMs, long done, long failed,
                       long restarts, Long rssKb, Running task) {}

    /** The task a child runs: its id, name and for how long it has run. */
    public record Running(String id, String name, long ms) {}

    /** Counters since the supervisor started: tasks ended ok or with an error, messages dead-lettered, children replaced. */
    public record Totals(long done, long failed, long deadLettered, long restarts) {}

    /** Tasks (ok or error) and failures per second, mean and max task run time (ms) over a window. */
    public record Rates(long windowMs, double tasksPerSec, double failedPerSec, double meanMs, long maxMs) {}

    /** One bucket of history: from epoch ms {@code t}, {@code ms} long. */
    public record Point(long t, long ms, long done, long failed, double meanMs, long maxMs) {}

    /**
     * A child that ended without being asked to (or was killed at the hard time limit).
     *
     * @param exit   its exit status
     * @param signal the signal's name without {@code SIG}, or null
     * @param cause  the supervisor's label: {@code crash}, {@code hard-time-limit}, {@code fatal}, ...
     * @param taskId the task it was running, or null
     * @param stderr the tail of its stderr
     */
    public record Crash(long at, String child, long pid, int exit, String signal, String cause, String taskId,
                       String task, String stderr) {}

    /** A task that ended with an error reply; {@code error} is its error type. */
    public record Failure(long at, String child, String taskId, String task, String error) {}

    /** A message a child dead-lettered, with the reason (a {@code warren.*} error type). */
    public record Dead(long at, String child, String taskId, String task, String reason) {}
}
