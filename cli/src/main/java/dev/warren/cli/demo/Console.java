package dev.warren.cli.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/** The demo's output: the report on stdout, progress bars and errors on stderr. Used from one thread. */
final class Console {
    private final PrintStream out;
    private final PrintStream err;
    private final LongFunction<AutoCloseable> bars;
    private final Consumer<AutoCloseable> step;

    Console(PrintStream out, PrintStream err, LongFunction<AutoCloseable> bars, Consumer<AutoCloseable> step) {
        this.out = out;
        this.err = err;
        this.bars = bars;
        this.step = step;
    }

    void heading(String title) {
        out.println();
        out.println("== " + title);
        out.flush();
    }

    void line(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }

    void error(String message) {
        out.flush();
        err.println(message);
        err.flush();
    }

    /** A progress bar on stderr for {@code total} steps; close it when the step is over. */
    Progress progress(long total) {
        out.flush();
        return new Progress(bars.apply(total), step);
    }

    /** {@code 1234 ms} below 10 s, else {@code 12.3 s}. */
    static String time(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** A progress bar that is stepped from the threads completing futures. */
    static final class Progress implements AutoCloseable {
        private final AutoCloseable bar;
        private final Consumer<AutoCloseable> step;

        Progress(AutoCloseable bar, Consumer<AutoCloseable> step) {
            this.bar = bar;
            this.step = step;
        }

        void step() { step.accept(bar); }

        @Override public void close() {
            try {
                bar.close();
            } catch (Exception e) {
                throw new IllegalStateException("progress bar: " + e, e);
            }
        }
    }
}
