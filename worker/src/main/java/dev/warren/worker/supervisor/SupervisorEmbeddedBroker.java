package dev.warren.worker.supervisor;

import dev.warren.embedded.EmbeddedBroker;

/** The in-process broker of {@code --embedded-broker}: memory only, loopback only, for trying warren out. */
final class SupervisorEmbeddedBroker implements AutoCloseable {
    private final EmbeddedBroker broker;

    private SupervisorEmbeddedBroker(EmbeddedBroker broker) { this.broker = broker; }

    /** @throws IllegalStateException if the broker cannot start */
    static SupervisorEmbeddedBroker start() { return new SupervisorEmbeddedBroker(EmbeddedBroker.start()); }

    /** Its URI with credentials (do not log). */
    String uri() { return broker.uri(); }

    @Override
    public void close() { broker.close(); }

    @Override public String toString() { return broker.toString(); }
}
