package dev.warren.cli;

import dev.warren.producer.Progress;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Shows a task's progress ({@code TaskFuture.onProgress}) on stderr: on a terminal a bar redrawn in place
 * ({@code [#####.....] 3/10 30% counting down}), otherwise one line per update: {@code progress DONE/TOTAL [MESSAGE]}.
 * {@link #close} ends a bar's line. For {@code submit --progress} and any command that waits for one task.
 * Thread-safe.
 */
final class TaskProgressPrinter implements Consumer<Progress>, AutoCloseable {
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean terminal;
    private boolean drawn;
    private boolean closed;

    TaskProgressPrinter(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override public synchronized void accept(Progress p) {
        if (closed) return;
        if (terminal) {
            err.print("\r" + bar(p) + "\u001b[K"); // erase what a longer earlier message left
            drawn = true;
        } else {
            err.println(line(p));
        }
        err.flush();
    }

    /** {@code progress 3/10 counting down} (no message: {@code progress 3/10}). */
    static String line(Progress p) {
        return "progress " + p.done() + "/" + p.total() + p.message().map(m -> " " + oneLine(m)).orElse("");
    }

    /** {@code [#########.....................] 3/10 30% counting down}; a total of 0 (unknown) shows no bar. */
    static String bar(Progress p) {
        String msg = p.message().map(m -> " " + oneLine(m)).orElse("");
        if (p.total() <= 0) return p.done() + " done" + msg;
        int filled = (int) Math.min(WIDTH, p.done() * WIDTH / p.total());
        long pct = Math.min(100, p.done() * 100 / p.total());
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + p.done() + "/" + p.total() + " " + pct + "%" + msg;
    }

    private static String oneLine(String s) { return s.replaceAll("[\\r\\n\\t]+", " "); }

    /** Ends the bar's line, so what follows starts on a fresh one; later updates are ignored. */
    @Override public synchronized void close() {
        closed = true;
        if (drawn) {
            err.println();
            err.flush();
        }
    }
}
