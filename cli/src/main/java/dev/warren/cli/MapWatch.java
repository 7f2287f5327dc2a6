package dev.warren.cli;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Ends a {@code warren map} that waits too long, by running {@code stop} (the CLI passes the
 * executor's {@code shutdownNow}: every outstanding future is cancelled, so the thread that
 * consumes the results wakes with a {@code CancellationException}). It does not interrupt that
 * thread: an interrupted thread that cancels the rest of a map blocks in amqp-client (seen as
 * {@code Link.publishCancel} waiting on a channel open until the 10-minute RPC timeout).
 * <ul>
 *   <li>{@code idle}: no result for this long while waiting on the workers — time spent blocked
 *       reading the input (a slow stdin) does not count;</li>
 *   <li>{@code deadline}: the whole map has run this long.</li>
 * </ul>
 * Before stopping it asks {@code queueState} what the queue looks like, for the error line.
 * Thread-safe: the map thread reports, a daemon ticker checks and stops.
 */
final class MapWatch implements AutoCloseable {
    private static final long TICK_MS = 100;
    private static final long STOP_WAIT_SECONDS = 30;

    private final Wait idle;
    private final Wait deadline;
    private final Runnable stop;
    private final Supplier<String> queueState;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private long waitingSince = start;   // the idle clock: last result, moved on by time spent reading input
    private long readingSince;            // 0 = not reading
    private String fired;
    private boolean closed;

    MapWatch(Wait idle, Wait deadline, Runnable stop, Supplier<String> queueState) {
        this.idle = idle;
        this.deadline = deadline;
        this.stop = stop;
        this.queueState = queueState;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warren-map-watch");
            t.setDaemon(true);
            return t;
        });
        if (!idle.forever() || !deadline.forever()) ticker.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** A result arrived. */
    synchronized void result() { waitingSince = System.nanoTime(); }

    /** The map thread is about to block reading the input. */
    synchronized void reading() { readingSince = System.nanoTime(); }

    /** The read returned: the time it took was not spent waiting on the workers. */
    synchronized void read() {
        if (readingSince != 0) waitingSince += System.nanoTime() - readingSince;
        readingSince = 0;
    }

    /** Why the watch ended the map (e.g. {@code no result within 60s; queue q has 0 consumers ...}), or null. */
    synchronized String fired() { return fired; }

    private void tick() {
        String why = due(System.nanoTime());
        if (why == null) return;
        String line = why + "; " + queueState.get();
        synchronized (this) {
            if (due(System.nanoTime()) == null) return; // a result came, or the map ended, while the queue was asked
            fired = line;
        }
        ticker.shutdown();
        stop.run();
    }

    private synchronized String due(long now) {
        if (closed || fired != null) return null;
        if (!deadline.forever() && now - start >= deadline.limit().toNanos()) return "the map did not end within --deadline " + deadline;
        if (!idle.forever() && readingSince == 0 && now - waitingSince >= idle.limit().toNanos()) return "no result within " + idle;
        return null;
    }

    /**
     * Stops watching; after this {@code stop} does not start (unless it already has). If it has, waits
     * for it to finish (its cancellations published) so the executor is closed after it. Never
     * interrupts the ticker: an interrupt in the middle of amqp-client's channel open loses the frame,
     * and the open then waits for the RPC timeout (10 minutes).
     */
    @Override public void close() {
        synchronized (this) {
            closed = true;
        }
        ticker.shutdown(); // the periodic check is cancelled; a check in progress runs to its end
        try {
            ticker.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS); // if stop is stuck, the executor's close still ends the run
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
