package dev.warren.worker.supervisor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The recent crash notes ({@link SupervisorCrashNotes#note}) as the JSON lines children read on stdin. A note goes to
 * the control exchange too, but a child started after it went out never sees it there: every new child gets these
 * after its configuration line. At most {@value #MAX_NOTES} notes, none older than 10 minutes. Thread-safe (its own
 * monitor, a leaf: nothing is called while it is held).
 */
final class CrashNoteCache {
    static final int MAX_NOTES = 100;
    static final long NOTE_TTL_MS = 600_000;

    /** (epoch ms, JSON line), oldest first. */
    private final Deque<Map.Entry<Long, String>> notes = new ArrayDeque<>();

    /** Keeps the note of this exit; returns its line. */
    synchronized String add(PoolExit exit) {
        String line = new String(SupervisorCrashNotes.note(exit).encode(), StandardCharsets.UTF_8);
        notes.addLast(Map.entry(System.currentTimeMillis(), line));
        prune();
        return line;
    }

    /**
     * Keeps a control line that is not a crash note (a cancel {@link PoolCancelKill} acted on): a new child gets it
     * too, so it skips the task when the broker redelivers it.
     */
    synchronized void addLine(String line) {
        notes.addLast(Map.entry(System.currentTimeMillis(), line));
        prune();
    }

    /** The notes a new child gets, oldest first. */
    synchronized List<String> lines() {
        prune();
        return notes.stream().map(Map.Entry::getValue).toList();
    }

    private void prune() {
        long oldest = System.currentTimeMillis() - NOTE_TTL_MS;
        while (!notes.isEmpty() && (notes.size() > MAX_NOTES || notes.peekFirst().getKey() < oldest)) notes.removeFirst();
    }
}
