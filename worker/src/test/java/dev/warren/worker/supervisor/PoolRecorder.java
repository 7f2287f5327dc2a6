package dev.warren.worker.supervisor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/** Records what a pool reports, in order, and the fewest consuming children seen since {@link #watchFloor}. */
final class PoolRecorder implements PoolListener {
    /** One reported fact: kind is started, ready, start, end, dead, exit or gave-up. */
    record Entry(String kind, String childId, long pid, PoolExit exit) {}

    final List<StartFailures.Streak> gaveUp = new CopyOnWriteArrayList<>();

    final List<Entry> entries = new CopyOnWriteArrayList<>();
    private volatile IntSupplier consuming;
    private volatile int floor = Integer.MAX_VALUE;

    void watchFloor(IntSupplier consuming) {
        this.floor = consuming.getAsInt();
        this.consuming = consuming;
    }

    int floor() { return floor; }

    private void add(String kind, String id, long pid, PoolExit exit) {
        entries.add(new Entry(kind, id, pid, exit));
        IntSupplier c = consuming;
        if (c != null) floor = Math.min(floor, c.getAsInt());
    }

    @Override public void childStarted(String childId, long pid) { add("started", childId, pid, null); }
    @Override public void childReady(String childId, long pid) { add("ready", childId, pid, null); }
    @Override public void taskStarted(String childId, long pid, ChildProcessEvent e) { add("start", childId, pid, null); }
    @Override public void taskEnded(String childId, long pid, ChildProcessEvent e) { add("end", childId, pid, null); }
    @Override public void deadLettered(String childId, long pid, ChildProcessEvent e) { add("dead", childId, pid, null); }
    @Override public void childExited(PoolExit exit) { add("exit", exit.childId(), exit.pid(), exit); }
    @Override public void gaveUp(StartFailures.Streak streak) {
        gaveUp.add(streak);
        add("gave-up", "", 0, null);
    }

    List<Entry> of(String kind) { return entries.stream().filter(e -> e.kind().equals(kind)).toList(); }

    List<PoolExit> exits() { return of("exit").stream().map(Entry::exit).toList(); }

    int indexOf(String kind, String childId) {
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.kind().equals(kind) && e.childId().equals(childId)) return i;
        }
        return -1;
    }
}
