package dev.warren.producer;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * An executor's {@link Lifecycle}: moves its state forward only, and terminates once it is shut down and nothing
 * is active (the last task's completion, a map call's end, or the shutdown call itself, whichever comes last,
 * runs {@code onTerminate} exactly once). Thread-safe.
 */
final class Termination {
    private final AtomicReference<Lifecycle> state = new AtomicReference<>(Lifecycle.RUNNING);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final IntSupplier active;
    private final Runnable onTerminate;

    Termination(IntSupplier active, Runnable onTerminate) {
        this.active = active;
        this.onTerminate = onTerminate;
    }

    Lifecycle state() { return state.get(); }

    /** Moves to {@code target} unless the state is already there or beyond; true if this call moved it. */
    boolean advance(Lifecycle target) {
        Lifecycle s = state.get();
        while (s.compareTo(target) < 0) {
            if (state.compareAndSet(s, target)) return true;
            s = state.get();
        }
        return false;
    }

    /** Terminates if shut down and nothing is active. */
    void maybeTerminate() {
        if (active.getAsInt() != 0) return;
        Lifecycle s = state.get();
        if (s == Lifecycle.RUNNING || s == Lifecycle.TERMINATED || !state.compareAndSet(s, Lifecycle.TERMINATED)) return;
        try {
            onTerminate.run();
        } finally {
            terminated.countDown();
        }
    }

    boolean isTerminated() { return terminated.getCount() == 0; }

    boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    /** Waits for termination; on interrupt runs {@code onInterrupt} once, keeps waiting, then re-asserts the interrupt. */
    void awaitUninterruptibly(Runnable onInterrupt) {
        boolean interrupted = false;
        while (!isTerminated()) {
            try {
                terminated.await(1, TimeUnit.DAYS);
            } catch (InterruptedException e) {
                if (!interrupted) {
                    onInterrupt.run();
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
