package dev.warren.worker.child;

import dev.warren.common.internal.ProgressMessage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The progress of one running task (docs/protocol.md section 3.6): the task's thread only records the latest
 * value; a timer thread publishes it, at most once per {@link #MIN_INTERVAL_MS}, so a task that reports in a tight
 * loop costs a field write and the task's thread never makes an AMQP call (it may be interrupted). {@link #close}
 * runs on the main loop before the reply is published: it waits for a publish in progress (both hold this
 * object's monitor), and nothing is published after it, so the reply follows every progress message on the same
 * channel. Thread-safe.
 */
final class ChildProgress {
    /** 10 messages a second per task at most. */
    static final long MIN_INTERVAL_MS = 100;
    private static final ScheduledExecutorService TIMER = DaemonTimer.named("warren-progress");

    /** Where a progress message goes (the task's reply_to, not mandatory, on the reply channel). */
    interface Sink { void send(ProgressMessage m); }

    private final String taskId;
    private final int attempt;
    private final Sink sink;
    private ProgressMessage latest;
    private long lastSentNanos;
    private boolean sentAny;
    private boolean scheduled;
    private boolean closed;

    /** @param sink null when the producer did not ask for progress: reports are checked, then dropped */
    ChildProgress(String taskId, int attempt, Sink sink) {
        this.taskId = taskId;
        this.attempt = attempt;
        this.sink = sink;
    }

    /** From the task's thread. @throws IllegalArgumentException when a count is negative */
    void report(long done, long total, String message) {
        ProgressMessage m = new ProgressMessage(taskId, attempt, done, total, message);
        if (sink == null) return;
        synchronized (this) {
            if (closed) return;
            latest = m;
            if (scheduled) return;
            scheduled = true;
            long waitNanos = sentAny ? TimeUnit.MILLISECONDS.toNanos(MIN_INTERVAL_MS) - (System.nanoTime() - lastSentNanos) : 0;
            TIMER.schedule(this::flush, Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void flush() {
        scheduled = false;
        if (closed || latest == null) return;
        ProgressMessage m = latest;
        latest = null;
        sentAny = true;
        lastSentNanos = System.nanoTime();
        sink.send(m);
    }

    /** On the main loop when the task's code returned: nothing is published after this returns. */
    synchronized void close() {
        closed = true;
        latest = null;
    }
}
