package dev.warren.cli.fleet;

import dev.warren.common.internal.Fleet;
import dev.warren.common.internal.FleetListener;
import dev.warren.common.internal.FleetStatus;
import dev.warren.common.internal.QueueCounts;
import java.time.Duration;

/**
 * Hears the fleet: listens to {@code <queue>.fleet}, says hello (every supervisor answers at once), and builds a
 * {@link FleetStatus} with the queue's counts whenever asked. One reader serves one {@code warren status}, or
 * every refresh of {@code --watch}. Thread-safe.
 */
public final class StatusReader implements AutoCloseable {
    /** How long a one-shot status listens: one announcement interval (2 s) and a margin, so even a supervisor that missed the hello is heard. */
    public static final Duration DEFAULT_WAIT = Duration.ofMillis(2500);

    private final BrokerAccess broker;
    private final Fleet fleet = new Fleet();
    private final FleetListener listener;

    /** Starts listening and says hello. */
    public StatusReader(BrokerAccess broker, String readerName) {
        this.broker = broker;
        this.listener = FleetListener.start(broker.connection(), broker.queue(), fleet, null, readerName);
        listener.hello();
    }

    /** The fleet as heard so far, with the queue's counts read now. */
    public FleetStatus status() {
        QueueCounts counts = QueueCounts.read(broker.connection(), broker.queue());
        long now = System.currentTimeMillis();
        return new FleetStatus(broker.queue(), now, counts, fleet.members(now));
    }

    @Override public void close() { listener.close(); }
}
