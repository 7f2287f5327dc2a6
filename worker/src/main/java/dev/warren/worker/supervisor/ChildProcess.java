package dev.warren.worker.supervisor;

import dev.warren.worker.child.ChildSlot;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One child JVM as the pool sees it: the process, its stdin pipe (kept open: closing it tells the
 * child its supervisor is gone), what it is doing, and its last stderr lines. The per-task facts
 * ({@link #taskId}, {@link #tasksDone}, ...) are written by the child's reader thread alone and read by
 * anyone (volatile); {@link #state}, {@link #retired} and {@link #recycleReason} change under the pool lock
 * ({@link PoolState}); the stdin writer and the stderr tail have their own monitors.
 */
final class ChildProcess {
    static final int STDERR_TAIL = 40;
    static final int NO_SLOT = -1;

    /** Where a child is in its life. */
    enum State {
        /** Started, not yet {@code ready}. */
        STARTING,
        /** A spare: connected, not consuming; takes over the next slot that needs a child ({@code consume}). */
        SPARE,
        /** Ready and consuming tasks. */
        CONSUMING,
        /** Asked to be replaced; waits for its turn and then for its replacement to be ready. */
        RECYCLING,
        /** Sent {@code drain}; finishing its task before it exits. */
        DRAINING,
        /** The process ended; the exit is being reported. */
        EXITED;

        String label() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /** What a child is running, from its slot or from its {@code start} line. */
    record Running(String taskId, String task, int attempt, long startedMs) {}

    final String id;
    /** Its slot's index; {@link #NO_SLOT} for a spare until it takes one (changes under the pool lock). */
    volatile int slot;
    final Process process;
    /** Where the child keeps its running task and task count ({@link ChildSlot}), or null (it reports lines). */
    final ChildSlot taskSlot;
    final java.nio.file.Path taskSlotFile;
    final long pid;
    final long startedNanos = System.nanoTime();
    private final Writer stdin;
    private final Deque<String> stderrTail = new ArrayDeque<>();

    volatile State state = State.STARTING;
    // from start/end lines (a child without a slot)
    volatile String taskId;
    volatile String taskName;
    volatile long taskStartedMs;
    volatile long tasksDone;
    /** The reason of its {@code recycle} event, or null. */
    volatile String recycleReason;
    /** Its slot went to a replacement: it is drained once that one is ready, and not restarted. */
    volatile boolean retired;
    /** It reported {@code ready} once. */
    volatile boolean everReady;
    /** As a spare, it reported {@code connected}. */
    volatile boolean everConnected;
    /** What its {@code exiting} event said: the detail (for a start failure the exception), else the reason; or null. */
    volatile String exitDetail;
    volatile boolean drainSent;
    volatile boolean killedForHardLimit;
    /** Killed by {@link PoolCancelKill}: its task was cancelled and did not stop within the grace period. */
    volatile boolean killedForCancel;
    volatile Thread stderrReader;

    ChildProcess(String id, int slot, Process process) { this(id, slot, process, null, null); }

    ChildProcess(String id, int slot, Process process, ChildSlot taskSlot, java.nio.file.Path taskSlotFile) {
        this.id = id;
        this.slot = slot;
        this.process = process;
        this.taskSlot = taskSlot;
        this.taskSlotFile = taskSlotFile;
        this.pid = process.pid();
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Writes one line on the child's stdin; false when the pipe is closed (the child is gone). */
    boolean send(String line) {
        synchronized (stdin) {
            try {
                stdin.write(line);
                stdin.write('\n');
                stdin.flush();
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** Whether the child still consumes tasks (a max-memory recycle keeps consuming until it is drained). */
    boolean consuming() {
        State s = state;
        return s == State.CONSUMING || (s == State.RECYCLING && "max-memory".equals(recycleReason));
    }

    Duration uptime() { return Duration.ofNanos(System.nanoTime() - startedNanos); }

    /** A spare taking a slot (under the pool lock): it starts consuming; false when its stdin is closed (it died). */
    boolean takeSlot(int index) {
        slot = index;
        state = State.STARTING; // until its ready
        return send("consume");
    }

    void stderrLine(String line) {
        synchronized (stderrTail) {
            if (stderrTail.size() == STDERR_TAIL) stderrTail.removeFirst();
            stderrTail.addLast(line);
        }
    }

    /** The last {@code n} stderr lines, oldest first. */
    List<String> stderrTail(int n) {
        synchronized (stderrTail) {
            List<String> all = new ArrayList<>(stderrTail);
            return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
        }
    }

    /** The task it runs now (for a dead child: the one it ran when it died), or null. Reads the slot: no lock. */
    Running running() {
        String t = taskId;
        if (t != null) return new Running(t, taskName, 0, taskStartedMs);
        if (taskSlot == null) return null;
        ChildSlot.Snapshot s = taskSlot.read();
        return s.taskId() == null ? null : new Running(s.taskId(), s.task(), s.attempt(), s.startedMs());
    }

    /** Tasks it finished. */
    long tasksDone() { return tasksDone + (taskSlot == null ? 0 : taskSlot.read().tasksDone()); }

    PoolChildView view() {
        Running r = running();
        Long taskMs = r == null ? null : Math.max(0, System.currentTimeMillis() - r.startedMs());
        return new PoolChildView(id, pid, slot, state.label(), uptime().toMillis(), tasksDone(), r == null ? null : r.taskId(),
                r == null ? null : r.task(), taskMs);
    }

    @Override public String toString() { return id + " (pid " + pid + ")"; }
}
