package dev.warren.worker.child;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The child's timers: each a single daemon thread of its own name, so that none keeps the JVM alive or waits on another. */
final class DaemonTimer {
    private DaemonTimer() {}

    static ScheduledExecutorService named(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
