package dev.warren.worker.child;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.PrintStream;

/**
 * The child's event channel to its supervisor: one JSON object per line on the process's
 * original stdout (see docs/architecture.md). Two lines per task, so they are written by hand
 * (a tree per event cost a third of a child's per-task CPU). The stream must be buffered: flushes
 * decide when a write happens. Thread-safe.
 */
final class ChildEvents {
    private final PrintStream out;

    ChildEvents(PrintStream out) { this.out = out; }

    void ready(long pid) { emit(line("ready").num("pid", pid)); }

    void start(String id, String task, int attempt) {
        emit(line("start").str("id", id).str("task", task).num("attempt", attempt).num("t", System.currentTimeMillis()));
    }

    /**
     * Not flushed: under load it leaves with the next {@code start} in one write; the main loop calls
     * {@link #flush()} when it goes idle. ({@code start} is always flushed before the task runs, so a crash
     * is attributed to the task that caused it.)
     */
    void end(String id, String task, String status, String error, long ms) {
        write(line("end").str("id", id).str("task", task).str("status", status).str("error", error).num("ms", ms));
    }

    synchronized void flush() { out.flush(); }

    void dead(String id, String task, String reason) { emit(line("dead").str("id", id).str("task", task).str("reason", reason)); }

    void recycle(String reason) { emit(line("recycle").str("reason", reason)); }

    void exiting(String reason, String detail) { emit(line("exiting").str("reason", reason).str("detail", detail)); }

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
