package dev.warren.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.ConfiguredObject;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.State;
import org.apache.qpid.server.model.SystemConfig;
import org.apache.qpid.server.model.port.AmqpPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An AMQP 0-9-1 broker in this JVM: Apache Qpid Broker-J with an in-memory store, listening on
 * {@code 127.0.0.1} only, with one user {@code guest}/{@code guest}.
 *
 * <p><b>What it is for:</b> the zero-install quickstart ({@code warren demo}), the worker's
 * {@code --embedded-broker} flag, and integration tests on a machine with no RabbitMQ and no Docker.
 * It is never a production broker and warren never starts it silently: only an explicit flag, the demo
 * or a test fixture does. Everything is lost when it stops.
 *
 * <pre>{@code
 * try (EmbeddedBroker broker = EmbeddedBroker.start()) {
 *     Connection c = BrokerSettings.of(broker.uri()).connectionFactory().newConnection();
 *     ...
 * }
 * }</pre>
 *
 * <p><b>Limits</b> (it is not RabbitMQ; warren's topology detects it by the {@code product} server
 * property and stays on the portable subset):
 * <ul>
 *   <li>RabbitMQ's {@code x-} queue arguments ({@code x-queue-type}, {@code x-expires}, ...) are refused
 *       by closing the whole connection;</li>
 *   <li>no direct reply-to ({@code amq.rabbitmq.reply-to});</li>
 *   <li>no {@code x-delivery-count} header on redelivery: count attempts in the application;</li>
 *   <li>in memory only: persistent messages are accepted but do not survive {@link #close()}.</li>
 * </ul>
 *
 * <p>Qpid logs through SLF4J to the application's backend. {@link #start} turns the {@code org.apache.qpid}
 * and {@code qpid} loggers down to WARN when the backend is Logback and the application has not set
 * their levels; with another backend, configure those two loggers there. It writes its configuration to a
 * temporary directory that {@link #close()} deletes (a JVM shutdown hook closes a broker left open).
 *
 * <p><b>TLS:</b> {@link #startTls(Path, char[])} adds an AMQPS listener on 127.0.0.1 with the server key and
 * certificate from a key store; {@link #tlsUri()} names it as {@code localhost}, so the certificate must name
 * {@code localhost} (clients verify the host name; see docs/tls.md). The plain port stays open beside it.
 *
 * <p>Thread-safe. The first start in a JVM takes about 1-3 s (class loading; measured 1.2 s on an idle
 * 2-core machine), later ones about 0.1 s; {@link #close()} takes about 1 s. Several brokers may run in one
 * JVM, each on its own port.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final SystemLauncher launcher;
    private final Path workDir;
    private final int port;
    private final int tlsPort;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    private EmbeddedBroker(SystemLauncher launcher, Path workDir, int port, int tlsPort) {
        this.launcher = launcher;
        this.workDir = workDir;
        this.port = port;
        this.tlsPort = tlsPort;
        this.shutdownHook = new Thread(this::stop, "warren-embedded-broker-shutdown");
    }

    /**
     * Starts a broker on a free loopback port chosen by the operating system. Blocks until it accepts
     * connections.
     *
     * @throws IllegalStateException if the broker cannot start
     */
    public static EmbeddedBroker start() { return start(0); }

    /**
     * Starts a broker on the given loopback port. Blocks until it accepts connections.
     *
     * @param port the port on 127.0.0.1, or 0 for a free one
     * @throws IllegalArgumentException if the port is outside 0..65535
     * @throws IllegalStateException if the broker cannot start, for example because the port is in use
     */
    public static EmbeddedBroker start(int port) {
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be in 0..65535: " + port);
        return start(port, null);
    }

    /**
     * Starts a broker with a plain AMQP port and an AMQPS (TLS) port, both on free loopback ports chosen by
     * the operating system. Blocks until both accept connections. The broker presents the key store's key
     * and certificate; it does not ask clients for certificates. The key store is read at start and must
     * stay in place while the broker runs.
     *
     * @param keyStore a PKCS12 or JKS key store holding one private key and its certificate; the certificate
     *                 should name {@code localhost} (see {@link #tlsUri()})
     * @param password the key store's password (also the key's); the caller may clear the array after return
     * @throws IllegalArgumentException if the key store is not a readable file, or the password contains
     *                                  {@code ${} (Qpid would read it as a variable)
     * @throws IllegalStateException    if the broker cannot start, for example a wrong password or a key store
     *                                  without a private key (the message never holds the password)
     */
    public static EmbeddedBroker startTls(Path keyStore, char[] password) {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(password, "password");
        if (!Files.isRegularFile(keyStore) || !Files.isReadable(keyStore)) {
            throw new IllegalArgumentException("key store is not a readable file: " + keyStore);
        }
        String secret = new String(password);
        if (secret.contains("${")) throw new IllegalArgumentException("key store password must not contain ${");
        return start(0, new BrokerConfig.Tls(0, keyStore, secret));
    }

    private static EmbeddedBroker start(int port, BrokerConfig.Tls tls) {
        QuietLogging.apply();
        long started = System.nanoTime();
        Path work = createWorkDir();
        AtomicReference<SystemConfig<?>> system = new AtomicReference<>();
        SystemLauncher launcher = new SystemLauncher(new SystemLauncherListener.DefaultSystemLauncherListener() {
            @Override public void onContainerResolve(SystemConfig<?> config) { system.set(config); }
        });
        try {
            // the work directory is private to this user (rwx------), and the config may hold the key store password
            Path config = Files.writeString(work.resolve("initial-config.json"), BrokerConfig.json(port, tls), StandardCharsets.UTF_8);
            launcher.startup(systemAttributes(work, config));
            int bound = boundPort(system.get(), BrokerConfig.AMQP_PORT);
            int boundTls = tls == null ? 0 : boundPort(system.get(), BrokerConfig.AMQPS_PORT);
            EmbeddedBroker broker = new EmbeddedBroker(launcher, work, bound, boundTls);
            Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
            log.info("embedded Qpid broker listening on {}:{}{} (started in {} ms)", BrokerConfig.BIND_ADDRESS, bound,
                    tls == null ? "" : ", TLS on port " + boundTls, (System.nanoTime() - started) / 1_000_000);
            return broker;
        } catch (Exception e) {
            shutdownQuietly(launcher);
            deleteRecursively(work);
            if (e instanceof IllegalStateException ise) throw ise;
            throw new IllegalStateException("embedded broker failed to start on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** The temporary directory holding the broker's configuration; deleted by {@link #close()}. */
    Path workDir() { return workDir; }

    /** The port the broker listens on at 127.0.0.1. */
    public int port() { return port; }

    /**
     * The broker's URI with its credentials, {@code amqp://guest:guest@127.0.0.1:<port>/%2F}: the default
     * virtual host {@code /}, as on RabbitMQ, so the URI works with {@code BrokerSettings.of(uri)} and any
     * AMQP 0-9-1 client.
     */
    public String uri() {
        return "amqp://" + BrokerConfig.USER + ":" + BrokerConfig.PASSWORD + "@" + BrokerConfig.BIND_ADDRESS + ":" + port + "/%2F";
    }

    /**
     * The TLS port at 127.0.0.1.
     *
     * @throws IllegalStateException if the broker was not started with {@link #startTls(Path, char[])}
     */
    public int tlsPort() {
        if (tlsPort == 0) throw new IllegalStateException("this embedded broker has no TLS listener; start it with startTls");
        return tlsPort;
    }

    /**
     * The TLS listener's URI with its credentials, {@code amqps://guest:guest@localhost:<tlsPort>/%2F}. It names
     * the host {@code localhost}, as a certificate for a local broker does; a client that verifies host names
     * (as {@code BrokerSettings} always does) needs a certificate naming {@code localhost} and must trust it.
     *
     * @throws IllegalStateException if the broker was not started with {@link #startTls(Path, char[])}
     */
    public String tlsUri() {
        return "amqps://" + BrokerConfig.USER + ":" + BrokerConfig.PASSWORD + "@localhost:" + tlsPort() + "/%2F";
    }

    /**
     * Stops the broker, closing every client connection, frees the port and deletes the temporary
     * directory. Idempotent; blocks until the broker has stopped.
     */
    @Override
    public void close() {
        if (closed.get()) return;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting and the hook runs (or ran) stop() itself
        }
        stop();
    }

    private void stop() {
        if (!closed.compareAndSet(false, true)) return;
        shutdownQuietly(launcher);
        deleteRecursively(workDir);
        log.info("embedded Qpid broker on port {} stopped", port);
    }

    @Override public String toString() {
        return "EmbeddedBroker[" + BrokerConfig.BIND_ADDRESS + ":" + port + (tlsPort == 0 ? "" : ", tls:" + tlsPort) + "]";
    }

    private static Map<String, Object> systemAttributes(Path work, Path config) {
        Map<String, Object> attrs = new HashMap<>();
        attrs.put(ConfiguredObject.TYPE, "Memory");
        attrs.put(SystemConfig.INITIAL_CONFIGURATION_LOCATION, config.toUri().toString());
        attrs.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false);
        attrs.put("preferenceStoreAttributes", "{\"type\": \"Noop\"}"); // no preferences.json in the work dir
        attrs.put(ConfiguredObject.CONTEXT, Map.of(SystemConfig.QPID_WORK_DIR, work.toString(),
                SystemConfig.PROPERTY_QPID_WORK, work.toString()));
        return attrs;
    }

    private static int boundPort(SystemConfig<?> system, String name) {
        if (system == null) throw new IllegalStateException("embedded broker did not start (no system configuration)");
        Broker<?> broker = system.getContainer(Broker.class);
        for (Port<?> p : broker.getPorts()) {
            if (p instanceof AmqpPort<?> && name.equals(p.getName())) {
                if (p.getState() != State.ACTIVE || p.getBoundPort() <= 0) {
                    throw new IllegalStateException("embedded broker could not listen on " + BrokerConfig.BIND_ADDRESS
                            + ":" + p.getPort() + " (" + name + " port state " + p.getState()
                            + "; is the port in use" + (BrokerConfig.AMQPS_PORT.equals(name) ? ", or the key store or its password wrong" : "") + "?)");
                }
                return p.getBoundPort();
            }
        }
        throw new IllegalStateException("embedded broker has no " + name + " port");
    }

    private static Path createWorkDir() {
        try {
            return Files.createTempDirectory("warren-qpid-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the embedded broker", e);
        }
    }

    private static void shutdownQuietly(SystemLauncher launcher) {
        try {
            launcher.shutdown();
        } catch (RuntimeException e) {
            log.warn("embedded broker did not shut down cleanly: {}", e.toString());
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete the embedded broker's directory {}: {}", dir, e.toString());
        }
    }
}
