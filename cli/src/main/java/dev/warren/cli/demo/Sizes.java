package dev.warren.cli.demo;

import java.time.Duration;

/**
 * How big each step is: the full demo, or {@code --quick} (about 15-30 s in all, for tests).
 *
 * @param sleepSeconds   the sleeping task of the done() example
 * @param bigCountdown   steps of each task of the larger countdown set (about 1-5 ns per step)
 * @param countdownTasks tasks in the larger countdown set
 * @param images         images generated, downloaded and blurred
 * @param width          their width
 * @param height         their height
 * @param blurRadius     the Gaussian's radius in pixels
 * @param taskTimeout    the timeout of every task, so the demo never hangs on a lost pool
 */
record Sizes(double sleepSeconds, long bigCountdown, int countdownTasks, int images, int width, int height,
             int blurRadius, Duration taskTimeout) {
    /** The tutorial's countdown inputs. */
    static final long[] TUTORIAL_COUNTDOWN = {8_000_000L, 7_000_000L};

    static Sizes of(boolean quick, int children) {
        int tasks = Math.max(4, children);
        return quick
                ? new Sizes(0.5, 100_000_000L, tasks, 4, 320, 240, 6, Duration.ofSeconds(60))
                : new Sizes(1.0, 250_000_000L, tasks, 8, 800, 600, 10, Duration.ofSeconds(180));
    }
}
