package dev.warren.worker.supervisor;

import com.rabbitmq.client.Connection;
import dev.warren.common.BrokerSettings;
import dev.warren.common.ExitCode;
import dev.warren.common.QueueType;
import dev.warren.common.internal.Backoff;
import dev.warren.common.internal.Topology;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker container's supervisor: waits for the broker, declares the task queue, keeps the
 * {@link ChildPool} running, and drains it on stop. Thread-safe.
 *
 * <pre>
 *  HTTP server up ─► connect thread: connect ─► declare topology ─► start pool  (RUNNING)
 *                 ▲ broker unreachable: log, back off 250 ms doubling to 5 s     (CONNECTING)
 *  SIGTERM / context close ─► drain(): pool.drain(drain-timeout), close connection (DRAINING ─► STOPPED)
 *  pool gave up (children cannot start) ─► {@link #failure()} completes ─► Main drains and exits 79
 * </pre>
 */
@Singleton
final class Supervisor {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
    static final Backoff CONNECT_BACKOFF = Backoff.exponential(Duration.ofMillis(250), Duration.ofSeconds(5));

    private final SupervisorConfig config;
    private final MetricsPoolListener metrics;
    private final FleetHub fleet;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile SupervisorState state = SupervisorState.CONNECTING;
    private Thread connector;
    private Connection connection;
    private ChildPool pool;
    private volatile Thread drainOwner;
    private final CompletableFuture<ExitCode> failure = new CompletableFuture<>();

    Supervisor(SupervisorConfig config, MetricsPoolListener metrics, FleetHub fleet) {
        this.config = config;
        this.metrics = metrics;
        this.fleet = fleet;
    }

    /**
     * Starts once the HTTP server is up, not at the context's start: a port that cannot be bound stops the supervisor
     * before it has connected or started a child (Main checks the settings and the port before that).
     */
    @EventListener
    void onStartup(ServerStartupEvent event) { start(); }

    /** Starts waiting for the broker in the background. Idempotent. */
    synchronized void start() {
        if (connector != null || state != SupervisorState.CONNECTING) return;
        connector = new Thread(this::connectLoop, "warren-connect");
        connector.setDaemon(true);
        connector.start();
    }

    SupervisorState state() { return state; }

    /**
     * Completes with the status the supervisor must exit with when it gave up (crash-only: its orchestrator restarts
     * it): {@link ExitCode#INITIALIZER_FAILED} once {@code warren.max-initializer-failures} children in a row could not
     * start, or {@link ExitCode#BAD_SETTING} when a setting fails where the connect loop uses it. Never completes
     * otherwise.
     */
    CompletionStage<ExitCode> failure() { return failure; }

    /** The streak of children that could not start (with the last one's error), or null. */
    StartFailures.Streak startFailures() {
        ChildPool p;
        synchronized (this) { p = pool; }
        return p == null ? null : p.startFailures();
    }

    /** Whether the pool gave up on starting children. */
    boolean gaveUp() { return failure.isDone(); }

    /** Ready: broker reachable, at least one child consuming, not draining. */
    boolean ready() {
        ChildPool p;
        Connection c;
        synchronized (this) {
            p = pool;
            c = connection;
        }
        return state == SupervisorState.RUNNING && c != null && c.isOpen() && p != null && p.consumingCount() >= 1;
    }

    synchronized boolean brokerReachable() { return connection != null && connection.isOpen(); }

    /** The pool's children (empty before the broker is reachable). */
    List<PoolChildView> snapshot() {
        ChildPool p;
        synchronized (this) { p = pool; }
        return p == null ? List.of() : p.snapshot();
    }

    int configuredChildren() { return config.getChildren(); }

    int consumingCount() {
        ChildPool p;
        synchronized (this) { p = pool; }
        return p == null ? 0 : p.consumingCount();
    }

    /**
     * Drains: children stop consuming, finish their tasks and exit (killed after {@code warren.drain-timeout}),
     * then the connection closes. Idempotent; a second caller waits for the first drain to end.
     */
    @PreDestroy
    void drain() {
        ChildPool p;
        Connection c;
        synchronized (this) {
            if (state == SupervisorState.DRAINING || state == SupervisorState.STOPPED) {
                p = null;
                c = null;
            } else {
                state = SupervisorState.DRAINING;
                drainOwner = Thread.currentThread();
                if (connector != null) connector.interrupt();
                p = pool;
                c = connection;
            }
        }
        if (drainOwner != Thread.currentThread()) {
            awaitStopped();
            return;
        }
        fleet.announceSoon();
        try {
            if (p != null) {
                log.info("draining {} children (timeout {} s)", p.aliveCount(), config.getDrainTimeout().toSeconds());
                boolean clean = p.drain(config.getDrainTimeout());
                log.info(clean ? "drained" : "drain timed out; remaining children were killed");
            }
            fleet.stop(); // the last announcement says "stopped"
            if (c != null && c.isOpen()) c.abort(2000);
        } finally {
            state = SupervisorState.STOPPED;
            stopped.countDown();
        }
    }

    private void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The broker settings: {@code warren.broker-uri} and {@code warren.broker-addresses} if set, else the
     * environment ({@code *_FILE} secrets).
     */
    BrokerSettings brokerSettings() {
        return SettingsCheck.broker(config.getBrokerUri(), config.getBrokerAddresses(), System.getenv());
    }

    private void connectLoop() {
        int retry = 0;
        String where = "the broker";
        while (state == SupervisorState.CONNECTING) {
            Connection c = null;
            try {
                BrokerSettings settings = brokerSettings();
                where = settings.maskedUri();
                c = settings.connect(settings.connectionFactory(), "warren-supervisor");
                Topology topology = new Topology(c);
                topology.declareTaskQueue(config.getQueue(), QueueType.parse(config.getQueueType()));
                if (!startPool(settings, c)) return;
                log.info("connected to {} at {}; started {} children on queue {}", topology.capabilities(), where,
                        config.getChildren(), config.getQueue());
                return;
            } catch (IllegalArgumentException e) {
                // a setting Main's check let through: refusing it beats retrying it forever as "broker not reachable"
                if (c != null) c.abort(1000);
                log.error("bad setting: {}; exiting with {} ({})", e.getMessage(), ExitCode.BAD_SETTING.code(),
                        ExitCode.BAD_SETTING.name());
                failure.complete(ExitCode.BAD_SETTING);
                return;
            } catch (Exception e) {
                if (c != null) c.abort(1000);
                if (state != SupervisorState.CONNECTING) return;
                long delay = CONNECT_BACKOFF.delayMs(++retry);
                log.warn("broker {} not reachable ({}); retrying in {} ms — set WARREN_BROKER_URI or start with "
                        + "--embedded-broker", where, BrokerSettings.mask(String.valueOf(e.getMessage())), delay);
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private synchronized boolean startPool(BrokerSettings settings, Connection c) {
        if (state != SupervisorState.CONNECTING) {
            c.abort(1000);
            return false;
        }
        if (!config.getHardTimeLimit().isZero() && !config.getSoftTimeLimit().isZero()
                && config.getHardTimeLimit().compareTo(config.getSoftTimeLimit()) <= 0) {
            log.warn("hard-time-limit {} is not above soft-time-limit {}: the soft limit will never act",
                    config.getHardTimeLimit(), config.getSoftTimeLimit());
        }
        PoolOptions options = config.poolOptions(settings.uriWithCredentials(), System.getenv("WARREN_CDS_ARCHIVE"));
        connection = c;
        PoolListener onGiveUp = new PoolListener() {
            @Override public void gaveUp(StartFailures.Streak streak) {
                log.error("exiting with {} ({}): let the orchestrator restart this supervisor",
                        ExitCode.INITIALIZER_FAILED.code(), ExitCode.INITIALIZER_FAILED.name());
                failure.complete(ExitCode.INITIALIZER_FAILED);
            }
        };
        metrics.buckets(ChildPool.runBoundsMs(options));
        pool = new ChildPool(options, List.of(metrics, new SupervisorCrashNotes(c, config.getQueue()), onGiveUp,
                fleet.stats()), Math.max(0, config.getSpareChildren()));
        SupervisorCancels.listen(c, config.getQueue(), pool::cancelled);
        metrics.attach(pool::snapshot);
        fleet.start(c, config, pool::snapshot, this::state);
        pool.start();
        state = SupervisorState.RUNNING;
        return true;
    }
}
