package dev.warren.worker.child;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.PrintStream;

/**
 * The child's event channel to its supervisor: one JSON object per line on the process's
 * original stdout (see docs/architecture.md). With a {@link ChildSlot} (the supervisor passes one to
 * every child it starts) a task writes no line: its start and end go into the slot, its counts into
 * {@link ChildStats}, sent once a second as a {@code stats} line; only a failed task adds a {@code failed}
 * line (for the fleet's failure list). Without a slot, two lines per task ({@code start}, {@code end}).
 * Lines are written by hand (a tree per event cost a third of a child's per-task CPU). The stream must be
 * buffered: flushes decide when a write happens. Thread-safe.
 */
final class ChildEvents {
    static final long STATS_EVERY_MS = 1000;

    private final PrintStream out;
    private final ChildSlot slot;
    private final ChildStats stats;
    // the running task's time in queue (main loop; the watchdog once that is stuck)
    private volatile long queueMs = -1;

    ChildEvents(PrintStream out) { this(out, null, null); }

    /** @param slot where the running task goes, or null for {@code start}/{@code end} lines; stats: with a slot */
    ChildEvents(PrintStream out, ChildSlot slot, ChildStats stats) {
        this.out = out;
        this.slot = slot;
        this.stats = slot == null ? null : stats;
        if (this.stats != null) {
            Thread t = new Thread(this::reportEverySecond, "warren-stats");
            t.setDaemon(true);
            t.start();
        }
    }

    void ready(long pid) { emit(line("ready").num("pid", pid)); }

    /** A spare child is connected and waits for {@code consume}. */
    void connected(long pid) { emit(line("connected").num("pid", pid)); }

    void start(String id, String task, int attempt) { start(id, task, attempt, 0); }

    /** @param publishedMs when the task was published (epoch ms), or 0 when unknown */
    void start(String id, String task, int attempt, long publishedMs) {
        long now = System.currentTimeMillis();
        queueMs = publishedMs > 0 ? Math.max(0, now - publishedMs) : -1;
        if (slot != null) slot.start(id, task, attempt, now); // visible to the supervisor at once, even if this JVM dies
        else emit(line("start").str("id", id).str("task", task).num("attempt", attempt).num("t", now));
    }

    /**
     * Not flushed: under load it leaves with the next {@code start} in one write; the main loop calls
     * {@link #flush()} when it goes idle. ({@code start} is always flushed before the task runs, so a crash
     * is attributed to the task that caused it.)
     */
    void end(String id, String task, String status, String error, long ms) {
        if (slot == null) {
            write(line("end").str("id", id).str("task", task).str("status", status).str("error", error).num("ms", ms));
            return;
        }
        boolean ok = "ok".equals(status);
        stats.ended(task, ok ? null : error == null ? "unknown" : error, ms, queueMs);
        slot.end();
        if (!ok) write(line("failed").str("id", id).str("task", task).str("error", error).num("ms", ms));
    }

    synchronized void flush() { out.flush(); }

    void dead(String id, String task, String reason) { emit(line("dead").str("id", id).str("task", task).str("reason", reason)); }

    void recycle(String reason) { emit(line("recycle").str("reason", reason)); }

    void exiting(String reason, String detail) {
        report();
        emit(line("exiting").str("reason", reason).str("detail", detail));
    }

    /** Sends the counts since the last report, if any. */
    void report() {
        if (stats == null) return;
        String l = stats.drain();
        if (l != null) {
            synchronized (this) {
                out.print(l);
                out.print('\n');
                out.flush();
            }
        }
    }

    private void reportEverySecond() {
        while (true) {
            try {
                Thread.sleep(STATS_EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
            report();
            flush(); // a failed line waits no longer than this
        }
    }

    private static Line line(String ev) { return new Line(ev); }

    private synchronized void emit(Line l) {
        write(l);
        out.flush();
    }

    private synchronized void write(Line l) { out.print(l.sb.append("}\n")); }

    /** A JSON object built field by field; strings are escaped by Jackson's encoder. */
    private static final class Line {
        final StringBuilder sb = new StringBuilder(160);

        Line(String ev) { sb.append("{\"ev\":\"").append(ev).append('"'); }

        Line str(String k, String v) {
            sb.append(",\"").append(k).append("\":");
            if (v == null) sb.append("null");
            else {
                sb.append('"');
                JsonStringEncoder.getInstance().quoteAsString(v, sb);
                sb.append('"');
            }
            return this;
        }

        Line num(String k, long v) {
            sb.append(",\"").append(k).append("\":").append(v);
            return this;
        }
    }
}
