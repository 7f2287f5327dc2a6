package dev.warren.worker.child;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The soft time limit's watchdog for a child's runs, one at a time: when a run passes the limit it interrupts
 * the running thread, and when the run still has not ended {@link #STUCK_GRACE_MS} later it calls the run's
 * {@code onStuck} (which answers for the task and halts the child). At most one check is pending on the timer,
 * whatever the number of runs: a run only notes its deadline, and a check that comes due for a run that has
 * ended looks at the one running now (its deadline is later) and comes back then. So a run costs two
 * uncontended monitor entries, not two timer entries scheduled and cancelled. Thread-safe.
 */
final class SoftLimit {
    /** Grace after the interrupt before the watchdog answers for a task that ignores it. */
    static final long STUCK_GRACE_MS = 2000;
    private static final ScheduledExecutorService WATCHDOG = DaemonTimer.named("warren-watchdog");

    private final long limitNanos;
    // all under this
    private boolean running;
    private boolean fired;
    private boolean checkPending;
    private long pendingAt; // when the pending check comes due
    private long deadline; // System.nanoTime() when the running run passes the limit
    private Thread runner;
    private Runnable onStuck;

    /** @param limitMs the soft limit, above 0 */
    SoftLimit(long limitMs) { this.limitNanos = TimeUnit.MILLISECONDS.toNanos(limitMs); }

    /** A run starts on {@code runner}; {@code onStuck} runs on the watchdog's thread if it ignores the interrupt. */
    synchronized void begin(Thread runner, Runnable onStuck) {
        this.runner = runner;
        this.onStuck = onStuck;
        running = true;
        fired = false;
        deadline = System.nanoTime() + limitNanos;
        if (!checkPending || pendingAt - deadline > 0) checkIn(limitNanos); // none due by the deadline (a grace's is later)
    }

    /** Ends the run; true when the limit fired (the run counts as timed out). Clears the runner's interrupt. */
    synchronized boolean finish() {
        running = false;
        runner = null;
        onStuck = null;
        Thread.interrupted(); // never leave an interrupt behind for the AMQP calls that follow
        return fired;
    }

    private void checkIn(long nanos) {
        checkPending = true;
        pendingAt = System.nanoTime() + nanos;
        WATCHDOG.schedule(this::check, Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    private void check() {
        Runnable stuck;
        synchronized (this) {
            checkPending = false;
            if (!running) return; // idle: the next run schedules its own check
            long now = System.nanoTime();
            long due = fired ? deadline + TimeUnit.MILLISECONDS.toNanos(STUCK_GRACE_MS) : deadline;
            if (now - due < 0) {
                checkIn(due - now);
                return;
            }
            if (!fired) {
                fired = true;
                runner.interrupt();
                checkIn(TimeUnit.MILLISECONDS.toNanos(STUCK_GRACE_MS));
                return;
            }
            stuck = onStuck;
        }
        stuck.run(); // the task ignored the interrupt: answer for it from here, then the child exits
    }
}
