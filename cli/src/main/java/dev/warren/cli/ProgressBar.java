package dev.warren.cli;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar on stderr, redrawn a few times a second: shown at once when stderr is
 * a terminal, otherwise only once the run has lasted {@link #SHOW_AFTER_MS} (then as lines that
 * a log can hold). {@code total} may be unknown (≤ 0).
 */
final class ProgressBar implements AutoCloseable {
    static final long SHOW_AFTER_MS = 2_000;
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean terminal;
    private final long total;
    private final long start = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final ScheduledExecutorService ticker;
    private boolean drawn;

    ProgressBar(PrintStream err, boolean terminal, long total) {
        this.err = err;
        this.terminal = terminal;
        this.total = total;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warren-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, 200, terminal ? 200 : 2_000, TimeUnit.MILLISECONDS);
    }

    void step() { done.incrementAndGet(); }

    private synchronized void tick() {
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (!terminal && ms < SHOW_AFTER_MS) return;
        String line = render(done.get(), total, ms);
        if (terminal) err.print("\r" + line); else err.println(line);
        err.flush();
        drawn = true;
    }

    /** The bar's text, e.g. {@code [#########.....................] 300/1000 30% 1500/s}. */
    static String render(long done, long total, long elapsedMs) {
        long rate = elapsedMs <= 0 ? 0 : done * 1000 / elapsedMs;
        if (total <= 0) return done + " done, " + rate + "/s";
        int filled = (int) Math.min(WIDTH, done * WIDTH / total);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + " "
                + (done * 100 / total) + "% " + rate + "/s";
    }

    @Override public synchronized void close() {
        ticker.shutdownNow();
        if (drawn) {
            String line = render(done.get(), total, (System.nanoTime() - start) / 1_000_000);
            if (terminal) err.println("\r" + line); else err.println(line);
        }
    }
}
