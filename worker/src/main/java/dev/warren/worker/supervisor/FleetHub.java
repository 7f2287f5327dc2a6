package dev.warren.worker.supervisor;

import dev.warren.common.internal.Hosts;
import com.rabbitmq.client.Connection;
import dev.warren.common.Protocol;
import dev.warren.common.internal.DeadLetter;
import dev.warren.common.internal.Fleet;
import dev.warren.common.internal.FleetListener;
import dev.warren.common.internal.FleetStatus;
import dev.warren.common.internal.QueueCounts;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's part in the fleet: its {@link FleetStats} (a pool listener), its {@link FleetAnnouncer}, and
 * a {@link FleetListener} that hears hellos and every supervisor's announcements for the dashboard. Nothing here
 * can stop the supervisor: a fleet that cannot be joined is logged and the pool runs on. Thread-safe.
 */
@Singleton
final class FleetHub {
    private static final Logger log = LoggerFactory.getLogger(FleetHub.class);
    static final long COUNTS_TTL_MS = 1_000;
    static final long PEEK_TTL_MS = 5_000;
    static final int PEEK_LIMIT = 20;

    private final String name;
    private final Duration interval;
    private final BeanProvider<EmbeddedServer> server;
    private final FleetStats stats = new FleetStats();
    private final Fleet fleet = new Fleet();
    private final long started = System.currentTimeMillis();
    private String queue = Protocol.DEFAULT_QUEUE;
    private Connection connection;
    private FleetListener listener;
    private FleetAnnouncer announcer;
    private QueueCounts counts = new QueueCounts(null, null, null);
    private long countsAt;
    private List<DeadLetter> peek = List.of();
    private long peekAt;

    FleetHub(@Value("${warren.supervisor-name:}") String name, @Value("${warren.announce-interval:2s}") Duration interval,
             BeanProvider<EmbeddedServer> server) {
        this.name = name == null || name.isBlank() ? Hosts.name() + "-" + ProcessHandle.current().pid() : name;
        this.interval = interval.isNegative() || interval.toMillis() < 100 ? Duration.ofMillis(100) : interval;
        this.server = server;
    }

    String name() { return name; }

    /** The pool listener that feeds the announcements. */
    PoolListener stats() { return stats; }

    /** Joins the fleet: listens to {@code <queue>.fleet}, says hello, and announces every interval. */
    synchronized void start(Connection c, SupervisorConfig config, Supplier<List<PoolChildView>> snapshot,
                            Supplier<SupervisorState> state) {
        stats.attach(snapshot);
        queue = config.getQueue();
        connection = c;
        try {
            FleetAnnouncer.Identity id = new FleetAnnouncer.Identity(name, Hosts.name(), ProcessHandle.current().pid(),
                    dev.warren.common.internal.WarrenVersion.get(), queue, started, interval.toMillis(), config.getChildren(), config.getPrefetch());
            FleetAnnouncer[] self = new FleetAnnouncer[1];
            listener = FleetListener.start(c, queue, fleet, hello -> { if (self[0] != null) self[0].announceSoon(); }, name);
            announcer = new FleetAnnouncer(id, stats, snapshot, () -> state.get().name().toLowerCase(java.util.Locale.ROOT),
                    this::httpPort, listener::publish);
            self[0] = announcer;
            announcer.start();
            listener.hello();
        } catch (RuntimeException e) {
            log.warn("cannot join the fleet on {}{}: {}; the pool runs without announcements", queue,
                    Protocol.FLEET_SUFFIX, e.getMessage());
        }
    }

    /** Announces soon (the state changed). */
    void announceSoon() {
        FleetAnnouncer a;
        synchronized (this) { a = announcer; }
        if (a != null) a.announceSoon();
    }

    /** Publishes the last announcement ({@code stopped}) and stops listening. Idempotent. */
    void stop() {
        FleetAnnouncer a;
        FleetListener l;
        synchronized (this) {
            a = announcer;
            l = listener;
            announcer = null;
            listener = null;
        }
        if (a != null) a.close();
        if (l != null) l.close();
    }

    /** The fleet as this supervisor hears it, with the queue's counts (read at most every second). */
    FleetStatus status() {
        long now = System.currentTimeMillis();
        Connection c;
        synchronized (this) {
            c = connection;
            if (c != null && c.isOpen() && now - countsAt > COUNTS_TTL_MS) {
                counts = QueueCounts.read(c, queue);
                countsAt = now;
            }
        }
        return new FleetStatus(queue, now, counts, fleet.members(now));
    }

    /** The first messages of {@code <queue>.dead}, left in place; read at most every {@value #PEEK_TTL_MS} ms. */
    synchronized List<DeadLetter> deadPeek() {
        long now = System.currentTimeMillis();
        if (connection != null && connection.isOpen() && now - peekAt > PEEK_TTL_MS) {
            peekAt = now;
            try {
                peek = DeadLetter.peek(connection, queue + Protocol.DEAD_SUFFIX, PEEK_LIMIT);
            } catch (RuntimeException e) {
                log.debug("cannot peek at the dead letters: {}", e.getMessage());
            }
        }
        return peek;
    }

    private Integer httpPort() {
        try {
            return server.isPresent() && server.get().isRunning() ? server.get().getPort() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

}
