package dev.warren.worker.supervisor;

import dev.warren.common.internal.Announcement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What the announcements count, fed by pool events. The per-task work is a map lookup and a few
 * uncontended atomic adds (each child has its own reader thread and its own counters); everything else
 * (rates, history, JSON) is done by the announcer's timer thread. Thread-safe.
 */
final class FleetStats implements PoolListener {
    static final int MAX_CRASHES = 10;
    static final int MAX_FAILURES = 20;
    static final int MAX_DEAD = 20;
    static final int STDERR_LINES = 20;
    static final int STDERR_CHARS = 4096;

    /** One child's counters; written by its reader thread only. */
    static final class ChildCounters {
        final LongAdder done = new LongAdder();
        final LongAdder failed = new LongAdder();
    }

    private final Map<String, ChildCounters> children = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> restartsBySlot = new ConcurrentHashMap<>();
    private final Map<String, Integer> slotOfChild = new ConcurrentHashMap<>();
    final LongAdder done = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder sumMs = new LongAdder();
    final AtomicLong maxMs = new AtomicLong();
    final LongAdder deadLettered = new LongAdder();
    final LongAdder restarts = new LongAdder();
    private final Deque<Announcement.Crash> crashes = new ArrayDeque<>();
    private final Deque<Announcement.Failure> failures = new ArrayDeque<>();
    private final Deque<Announcement.Dead> dead = new ArrayDeque<>();
    private volatile Supplier<List<PoolChildView>> snapshot = List::of;

    /** Where the pool's children can be looked up (for a new child's slot). */
    void attach(Supplier<List<PoolChildView>> poolSnapshot) { this.snapshot = poolSnapshot; }

    @Override public void childStarted(String childId, long pid) {
        children.put(childId, new ChildCounters());
        // once per child, not per task: which slot it fills, so that its slot's restarts can be counted
        for (PoolChildView v : snapshot.get()) if (v.id().equals(childId)) slotOfChild.put(childId, v.slot());
    }

    @Override public void taskEnded(String childId, long pid, ChildProcessEvent e) {
        ChildCounters c = children.get(childId);
        long ms = Math.max(0, e.ms());
        done.increment();
        sumMs.add(ms);
        if (ms > maxMs.get()) maxMs.accumulateAndGet(ms, Math::max);
        if (c != null) c.done.increment();
        if (!e.ok()) {
            failed.increment();
            if (c != null) c.failed.increment();
            add(failures, new Announcement.Failure(System.currentTimeMillis(), childId, e.id(), e.task(), e.error()), MAX_FAILURES);
        }
    }

    /** A child with a slot: its counts, once a second. The largest run time is its highest bucket's mean. */
    @Override public void tasksReported(String childId, long pid, ChildTaskStats stats) {
        ChildCounters c = children.get(childId);
        for (ChildTaskStats.PerTask t : stats.tasks().values()) {
            long ok = t.ok(), bad = t.failedTotal();
            done.add(ok + bad);
            failed.add(bad);
            sumMs.add(t.sumMs());
            for (int i = t.run().length - 1; i >= 0; i--) {
                if (t.run()[i] > 0 && i < t.runSumMs().length) {
                    long ms = t.runSumMs()[i] / t.run()[i];
                    if (ms > maxMs.get()) maxMs.accumulateAndGet(ms, Math::max);
                    break;
                }
            }
            if (c != null) {
                c.done.add(ok + bad);
                c.failed.add(bad);
            }
        }
    }

    /** A child with a slot: one failed task, for the failure list (counted by {@link #tasksReported}). */
    @Override public void taskFailed(String childId, long pid, ChildProcessEvent e) {
        add(failures, new Announcement.Failure(System.currentTimeMillis(), childId, e.id(), e.task(), e.error()), MAX_FAILURES);
    }

    @Override public void deadLettered(String childId, long pid, ChildProcessEvent e) {
        deadLettered.increment();
        add(dead, new Announcement.Dead(System.currentTimeMillis(), childId, e.id(), e.task(), e.reason()), MAX_DEAD);
    }

    @Override public void childExited(PoolExit exit) {
        children.remove(exit.childId());
        Integer slot = slotOfChild.remove(exit.childId());
        if (exit.restarted() || exit.cause() == PoolExitCause.RECYCLE) {
            restarts.increment();
            if (slot != null) restartsBySlot.computeIfAbsent(slot, s -> new AtomicLong()).incrementAndGet();
        }
        if (exit.cause() != PoolExitCause.RECYCLE && exit.cause() != PoolExitCause.DRAIN) {
            add(crashes, new Announcement.Crash(System.currentTimeMillis(), exit.childId(), exit.pid(), exit.exitCode(),
                    exit.signal(), exit.cause().tag(), exit.taskId(), exit.taskName(), stderr(exit.stderrTail())), MAX_CRASHES);
        }
    }

    ChildCounters counters(String childId) { return children.getOrDefault(childId, new ChildCounters()); }

    long restartsOfSlot(int slot) {
        AtomicLong n = restartsBySlot.get(slot);
        return n == null ? 0 : n.get();
    }

    List<Announcement.Crash> crashes() { return copy(crashes); }

    List<Announcement.Failure> failures() { return copy(failures); }

    List<Announcement.Dead> dead() { return copy(dead); }

    static String stderr(List<String> tail) {
        List<String> lines = tail.subList(Math.max(0, tail.size() - STDERR_LINES), tail.size());
        String s = String.join("\n", lines);
        return s.length() <= STDERR_CHARS ? s : "…" + s.substring(s.length() - STDERR_CHARS);
    }

    private static <T> void add(Deque<T> d, T item, int max) {
        synchronized (d) {
            if (d.size() == max) d.removeFirst();
            d.addLast(item);
        }
    }

    private static <T> List<T> copy(Deque<T> d) {
        synchronized (d) {
            return List.copyOf(d);
        }
    }
}
