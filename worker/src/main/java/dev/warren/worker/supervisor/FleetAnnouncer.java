package dev.warren.worker.supervisor;

import dev.warren.common.internal.Announcement;
import dev.warren.common.internal.FleetMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this supervisor's {@link Announcement} every interval, soon after a hello or a state change,
 * and a last one ({@code stopped}) on {@link #close()}. Everything runs on its own timer thread, reading
 * the pool's snapshot and {@link FleetStats}: nothing here is on a task's path. Thread-safe.
 */
final class FleetAnnouncer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FleetAnnouncer.class);
    /** Hellos closer together than this are answered by one announcement. */
    static final long HELLO_GAP_MS = 250;

    /** Who this supervisor is; fixed for its life. */
    record Identity(String name, String host, long pid, String version, String queue, long started, long intervalMs,
                    int size, int prefetch) {}

    private final Identity id;
    private final FleetStats stats;
    private final Supplier<List<PoolChildView>> snapshot;
    private final Supplier<String> state;
    private final Supplier<Integer> httpPort;
    private final Consumer<FleetMessage> publish;
    private final FleetHistory history = new FleetHistory();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "warren-fleet");
        t.setDaemon(true);
        return t;
    });
    private long lastSoon;
    private boolean closed;

    FleetAnnouncer(Identity id, FleetStats stats, Supplier<List<PoolChildView>> snapshot, Supplier<String> state,
                   Supplier<Integer> httpPort, Consumer<FleetMessage> publish) {
        this.id = id;
        this.stats = stats;
        this.snapshot = snapshot;
        this.state = state;
        this.httpPort = httpPort;
        this.publish = publish;
    }

    /** Announces now and then every interval. */
    void start() {
        timer.scheduleAtFixedRate(this::tick, 0, id.intervalMs(), TimeUnit.MILLISECONDS);
    }

    /** Announces within {@value #HELLO_GAP_MS} ms (a hello, or the supervisor started draining). */
    synchronized void announceSoon() {
        if (closed) return;
        long now = System.currentTimeMillis();
        long delay = Math.max(0, lastSoon + HELLO_GAP_MS - now);
        if (lastSoon > now) return; // one is already scheduled
        lastSoon = now + delay;
        timer.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
    }

    /** Stops the timer and publishes the last announcement, {@code state: stopped}. Idempotent. */
    @Override public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publishSafely(Announcement.STOPPED);
    }

    private void tick() {
        publishSafely(null);
    }

    private synchronized void publishSafely(String forcedState) {
        try {
            publish.accept(build(System.currentTimeMillis(), forcedState));
        } catch (RuntimeException e) {
            log.debug("announcement not published: {}", e.toString());
        }
    }

    /** The announcement at {@code now}; samples the counters into the history. */
    Announcement build(long now, String forcedState) {
        history.sample(now, stats.done.sum(), stats.failed.sum(), stats.sumMs.sum(), stats.maxMs.getAndSet(0));
        List<Announcement.Child> children = new ArrayList<>();
        int spares = 0;
        for (PoolChildView v : snapshot.get()) {
            if (v.slot() == Announcement.SPARE_SLOT) spares++;
            FleetStats.ChildCounters c = stats.counters(v.id());
            Announcement.Running task = v.currentTaskId() == null ? null
                    : new Announcement.Running(v.currentTaskId(), v.currentTask(), v.currentTaskMs() == null ? 0 : v.currentTaskMs());
            children.add(new Announcement.Child(v.id(), v.pid(), v.slot(), v.state(), v.uptimeMs(), c.done.sum(),
                    c.failed.sum(), stats.restartsOfSlot(v.slot()), rssKb(v.pid()), task));
        }
        String st = forcedState != null ? forcedState : state.get();
        return new Announcement(id.name(), id.host(), id.pid(), id.version(), id.queue(), st, id.started(), now,
                id.intervalMs(), httpPort.get(), id.size(), id.prefetch(), children,
                new Announcement.Totals(stats.done.sum(), stats.failed.sum(), stats.deadLettered.sum(), stats.restarts.sum()),
                history.rates(), history.points(), stats.crashes(), stats.failures(), stats.dead(), spares);
    }

    /** Resident memory of a process from {@code /proc/<pid>/status} (Linux), or null. */
    static Long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process just ended
        }
        return null;
    }
}
