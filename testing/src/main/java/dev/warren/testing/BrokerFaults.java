package dev.warren.testing;

import com.rabbitmq.client.AddressResolver;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.warren.common.BrokerSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.RabbitMQContainer;

/**
 * {@link ChaosBroker}'s faults on one started container: the timed ones ({@link #partition}, {@link #freeze}), the
 * kill and restart that waits for AMQP again, and the clean-up after a test ({@link #heal()}). The Docker calls
 * themselves are {@link ContainerFaults}'.
 *
 * <p>Thread-safe: faults are serialised on one lock, held for the length of a timed fault; {@link #addressResolver()}
 * and {@link #shortId()} do not take it.
 */
final class BrokerFaults {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final RabbitMQContainer container;
    private final ContainerFaults faults; // its changes under lock; mappedPort and shortId need none
    private final String uri;
    private final int amqpPort;
    private final Object lock = new Object();

    /**
     * @param uri      the broker's AMQP URI (its host port is kept across restarts)
     * @param amqpPort the container's AMQP port, mapped to that host port
     */
    BrokerFaults(RabbitMQContainer container, ContainerFaults faults, String uri, int amqpPort) {
        this.container = container;
        this.faults = faults;
        this.uri = uri;
        this.amqpPort = amqpPort;
    }

    /** A resolver that asks the engine for the mapped AMQP port on every (re)connect. */
    AddressResolver addressResolver() {
        return new ContainerAddressResolver(container.getHost(), () -> faults.mappedPort(amqpPort));
    }

    String shortId() { return faults.shortId(); }

    void disconnect() { synchronized (lock) { faults.disconnect(); } }

    void reconnect() { synchronized (lock) { faults.reconnect(); } }

    void partition(Duration duration) { during(faults::disconnect, duration, faults::reconnect); }

    void pause() { synchronized (lock) { faults.pause(); } }

    void unpause() { synchronized (lock) { faults.unpause(); } }

    void freeze(Duration duration) { during(faults::pause, duration, faults::unpause); }

    /** A timed fault: {@code on}, hold {@code duration}, then {@code off} whatever happened. */
    private void during(Runnable on, Duration duration, Runnable off) {
        synchronized (lock) {
            on.run();
            try {
                hold(duration);
            } finally {
                off.run();
            }
        }
    }

    void killAndRestart() {
        synchronized (lock) {
            faults.kill();
            faults.start();
            awaitAmqp();
        }
    }

    void closeAllConnections() {
        synchronized (lock) {
            exec(container, "rabbitmqctl", "close_all_connections", "chaos test");
        }
    }

    /** Undoes whatever fault a test left behind (paused, disconnected, stopped), waiting for AMQP after a restart. */
    void heal() {
        synchronized (lock) {
            boolean wasRunning = faults.running();
            faults.heal();
            if (!wasRunning) awaitAmqp();
        }
    }

    /** Runs a command in the container; throws {@link IllegalStateException} if it fails or exits non-zero. */
    static void exec(RabbitMQContainer c, String... command) {
        try {
            Container.ExecResult r = c.execInContainer(command);
            if (r.getExitCode() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + r.getExitCode() + ": " + r.getStderr());
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + String.join(" ", command), e);
        }
    }

    /** Polls until the broker completes an AMQP handshake. */
    private void awaitAmqp() {
        ConnectionFactory f = BrokerSettings.of(uri).connectionFactory();
        f.setAutomaticRecoveryEnabled(false);
        f.setConnectionTimeout(2_000);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = f.newConnection((java.util.concurrent.ExecutorService) null, addressResolver(), "warren-chaos-probe")) {
                return;
            } catch (Exception e) {
                last = e;
            }
            hold(Duration.ofMillis(250));
        }
        throw new IllegalStateException("the broker in container " + faults.shortId() + " took no AMQP connection within "
                + READY_TIMEOUT + ": " + last, last);
    }

    private static void hold(Duration d) {
        try {
            TimeUnit.NANOSECONDS.sleep(d.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a broker fault", e);
        }
    }
}
