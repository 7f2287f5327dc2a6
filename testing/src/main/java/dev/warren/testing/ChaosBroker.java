package dev.warren.testing;

import com.rabbitmq.client.AddressResolver;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.warren.common.BrokerSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A RabbitMQ container for one test class, with the faults a shared broker cannot make: a network partition, a
 * freeze, a SIGKILL and restart, all connections closed. A JUnit 5 extension:
 *
 * <pre>
 * class MyTasksSurviveTheBrokerIT {
 *     &#64;RegisterExtension static final ChaosBroker broker = ChaosBroker.create();
 *
 *     &#64;Test void everyTaskEndsWhenTheBrokerIsKilled() throws Exception {
 *         try (WorkerProcess worker = WorkerProcess.builder(broker.uri()).queue("q").children(2).start();
 *              TaskExecutor pool = TaskExecutor.connect(ProducerOptions.builder().uri(broker.uri()).queue("q").build())) {
 *             List&lt;CompletableFuture&lt;String&gt;&gt; futures = new ArrayList&lt;&gt;();
 *             for (int i = 0; i &lt; 50; i++) futures.add(pool.submit(Examples.SLEEP, 0.05));
 *             broker.killAndRestart();   // or partition(Duration), freeze(Duration), closeAllConnections()
 *             for (int i = 0; i &lt; 50; i++) futures.add(pool.submit(Examples.SLEEP, 0.05));
 *             assertThat(futures).allSatisfy(f -&gt; assertThat(f).succeedsWithin(Duration.ofMinutes(2)));
 *         }
 *     }
 * }
 * </pre>
 * The test class path needs warren-worker (the supervisor), warren-producer and the tasks' module.
 *
 * <p>The container starts before the class's first test ({@code static} field; a non-static field gets one per
 * test) and is removed after its last. Any fault a test leaves behind (paused, disconnected, stopped) is undone
 * after each test. Where no Docker engine answers, the tests are <em>skipped</em> (a JUnit assumption), so the same
 * class runs in a build without Docker. Docker is found the Testcontainers way ({@code DOCKER_HOST}, or podman's
 * Docker-compatible service: {@code DOCKER_HOST=unix:///path/podman.sock TESTCONTAINERS_RYUK_DISABLED=true}).
 *
 * <p>Image: {@link #create()} takes {@code WARREN_TEST_RABBITMQ_IMAGE}, default {@code rabbitmq:3.13-management}
 * (the official image); any image that logs "Server startup complete" to stdout works. The AMQP port is published
 * on a host port chosen when the container is created and kept across kill and restart, so a separate process
 * (a supervisor) given {@link #uri()} finds the broker again. Code that holds an amqp-client connection can also
 * use {@link #addressResolver()}, which asks the engine for the port on every (re)connect.
 *
 * <p>Faults block the calling thread until the fault is in place (or, for timed faults, over). Thread-safe: faults
 * are serialised; {@link #uri()} and {@link #addressResolver()} never wait for a fault to end.
 */
public final class ChaosBroker implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    private static final int AMQP = 5672;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final String image;
    /** Serialises faults; held for the length of a timed fault, so never taken by {@link #uri()}. */
    private final Object faultLock = new Object();
    private volatile RabbitMQContainer container; // written under this
    private volatile ContainerFaults faults; // written under this
    private volatile int hostPort; // written under this
    private boolean perTest; // guarded by this

    private ChaosBroker(String image) { this.image = image; }

    /** A broker from {@code WARREN_TEST_RABBITMQ_IMAGE}, or the official {@code rabbitmq:3.13-management}. */
    public static ChaosBroker create() {
        String env = System.getenv(BrokerChoice.ENV_IMAGE);
        return create(env == null || env.isBlank() ? BrokerChoice.DEFAULT_IMAGE : env.trim());
    }

    /** A broker from this image, used as a substitute for the official {@code rabbitmq} image. */
    public static ChaosBroker create(String image) { return new ChaosBroker(image); }

    /** True when a Docker engine (or podman's Docker-compatible service) answers; never throws. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    // --- the broker --------------------------------------------------------------------------------------

    /** {@code amqp://guest:guest@<host>:<port>/%2F} of the running container. Do not log it unmasked. */
    public String uri() {
        RabbitMQContainer c = running();
        return "amqp://" + c.getAdminUsername() + ":" + c.getAdminPassword() + "@" + c.getHost() + ":" + hostPort + "/%2F";
    }

    /** {@link BrokerSettings} for {@link #uri()}. */
    public BrokerSettings settings() { return BrokerSettings.of(uri()); }

    /**
     * For amqp-client: {@code factory.newConnection(broker.addressResolver())}. Asks the container engine for the
     * mapped AMQP port on the first connection and on every recovery attempt, so automatic recovery finds the broker
     * even where a restart moves the port. Thread-safe; valid while this broker's container exists.
     */
    public AddressResolver addressResolver() {
        RabbitMQContainer c = running();
        ContainerFaults f = faultsOf();
        return new ContainerAddressResolver(c.getHost(), () -> f.mappedPort(AMQP));
    }

    /** The Testcontainers container, for anything this class does not offer (logs, exec, management port). */
    public RabbitMQContainer container() { return running(); }

    // --- faults --------------------------------------------------------------------------------------------

    /** Takes the container off its networks: established connections go silent, new ones fail. Undo with {@link #reconnect()}. */
    public void disconnect() { synchronized (faultLock) { faultsOf().disconnect(); } }

    /** Puts the container back on the networks {@link #disconnect()} took it off; nothing if it is connected. */
    public void reconnect() { synchronized (faultLock) { faultsOf().reconnect(); } }

    /**
     * A network partition: {@link #disconnect()}, wait {@code duration} (the fault itself), {@link #reconnect()}.
     *
     * @throws IllegalStateException if the thread is interrupted during the partition (the network is restored first)
     */
    public void partition(Duration duration) {
        synchronized (faultLock) {
            ContainerFaults f = faultsOf();
            f.disconnect();
            try {
                hold(duration);
            } finally {
                f.reconnect();
            }
        }
    }

    /** Freezes every process of the container (cgroup freezer): the broker neither reads, writes nor heartbeats. */
    public void pause() { synchronized (faultLock) { faultsOf().pause(); } }

    /** Thaws a {@link #pause()}d container; nothing if it is not paused. */
    public void unpause() { synchronized (faultLock) { faultsOf().unpause(); } }

    /**
     * {@link #pause()}, wait {@code duration} (the fault itself), {@link #unpause()}.
     *
     * @throws IllegalStateException if the thread is interrupted during the freeze (the container is thawed first)
     */
    public void freeze(Duration duration) {
        synchronized (faultLock) {
            ContainerFaults f = faultsOf();
            f.pause();
            try {
                hold(duration);
            } finally {
                f.unpause();
            }
        }
    }

    /**
     * SIGKILLs the container (no clean shutdown), starts it again and returns once the broker takes AMQP connections.
     * Durable queues and persistent messages the broker had written survive; the host port stays the same.
     *
     * @throws IllegalStateException if the broker does not take connections within 90 s of the restart
     */
    public void killAndRestart() {
        synchronized (faultLock) {
            ContainerFaults f = faultsOf();
            f.kill();
            f.start();
            awaitAmqp();
        }
    }

    /**
     * Closes every client connection from the broker's side ({@code rabbitmqctl close_all_connections}), as an
     * operator or a node maintenance would; the broker keeps running.
     *
     * @throws IllegalStateException if {@code rabbitmqctl} fails in the container
     */
    public void closeAllConnections() {
        RabbitMQContainer c = running();
        synchronized (faultLock) {
            exec(c, "rabbitmqctl", "close_all_connections", "chaos test");
        }
    }

    private static void exec(RabbitMQContainer c, String... command) {
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

    // --- lifecycle (JUnit) ---------------------------------------------------------------------------------

    @Override public void beforeAll(ExtensionContext context) { start(false); }

    @Override public void beforeEach(ExtensionContext context) { start(true); }

    @Override public synchronized void afterEach(ExtensionContext context) {
        if (faults == null) return;
        if (perTest) {
            stop();
            return;
        }
        synchronized (faultLock) {
            boolean wasRunning = faults.running();
            faults.heal();
            if (!wasRunning) awaitAmqp();
        }
    }

    @Override public void afterAll(ExtensionContext context) { stop(); }

    @Override public synchronized String toString() {
        return "ChaosBroker[" + image + (faults == null ? ", not started" : ", container " + faults.shortId()) + "]";
    }

    private synchronized void start(boolean forOneTest) {
        if (container != null) return;
        Assumptions.assumeTrue(dockerAvailable(), "no Docker engine answers (set DOCKER_HOST): broker fault tests skipped");
        RabbitMQContainer c = new RabbitMQContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("rabbitmq"));
        c.setPortBindings(List.of(freePort() + ":" + AMQP)); // a fixed host port survives kill and restart on Docker too
        c.start();
        faults = new ContainerFaults(c.getDockerClient(), c.getContainerId(), command -> exec(c, command));
        hostPort = faults.mappedPort(AMQP);
        container = c;
        perTest = forOneTest;
    }

    private synchronized void stop() {
        RabbitMQContainer c = container;
        if (c == null) return;
        try {
            c.stop();
        } finally {
            container = null;
            faults = null;
        }
    }

    private RabbitMQContainer running() {
        RabbitMQContainer c = container;
        if (c == null) throw new IllegalStateException("the chaos broker is not started (register it with @RegisterExtension)");
        return c;
    }

    private ContainerFaults faultsOf() {
        ContainerFaults f = faults;
        if (f == null) running();
        return f;
    }

    /** Polls until the broker completes an AMQP handshake. */
    private void awaitAmqp() {
        ConnectionFactory f = BrokerSettings.of(uri()).connectionFactory();
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

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free TCP port for the broker: " + e, e);
        }
    }
}
