package dev.warren.testing;

import com.rabbitmq.client.AddressResolver;
import dev.warren.common.BrokerSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
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

    private final String image;
    private volatile RabbitMQContainer container; // written under this
    private volatile BrokerFaults faults; // written under this
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
    public String uri() { return uri(running(), hostPort); }

    private static String uri(RabbitMQContainer c, int port) {
        return "amqp://" + c.getAdminUsername() + ":" + c.getAdminPassword() + "@" + c.getHost() + ":" + port + "/%2F";
    }

    /** {@link BrokerSettings} for {@link #uri()}. */
    public BrokerSettings settings() { return BrokerSettings.of(uri()); }

    /**
     * For amqp-client: {@code factory.newConnection(broker.addressResolver())}. Asks the container engine for the
     * mapped AMQP port on the first connection and on every recovery attempt, so automatic recovery finds the broker
     * even where a restart moves the port. Thread-safe; valid while this broker's container exists.
     */
    public AddressResolver addressResolver() {
        running();
        return faultsOf().addressResolver();
    }

    /** The Testcontainers container, for anything this class does not offer (logs, exec, management port). */
    public RabbitMQContainer container() { return running(); }

    // --- faults (BrokerFaults does them) -------------------------------------------------------------------

    /** Takes the container off its networks: established connections go silent, new ones fail. Undo with {@link #reconnect()}. */
    public void disconnect() { faultsOf().disconnect(); }

    /** Puts the container back on the networks {@link #disconnect()} took it off; nothing if it is connected. */
    public void reconnect() { faultsOf().reconnect(); }

    /**
     * A network partition: {@link #disconnect()}, wait {@code duration} (the fault itself), {@link #reconnect()}.
     *
     * @throws IllegalStateException if the thread is interrupted during the partition (the network is restored first)
     */
    public void partition(Duration duration) { faultsOf().partition(duration); }

    /** Freezes every process of the container (cgroup freezer): the broker neither reads, writes nor heartbeats. */
    public void pause() { faultsOf().pause(); }

    /** Thaws a {@link #pause()}d container; nothing if it is not paused. */
    public void unpause() { faultsOf().unpause(); }

    /**
     * {@link #pause()}, wait {@code duration} (the fault itself), {@link #unpause()}.
     *
     * @throws IllegalStateException if the thread is interrupted during the freeze (the container is thawed first)
     */
    public void freeze(Duration duration) { faultsOf().freeze(duration); }

    /**
     * SIGKILLs the container (no clean shutdown), starts it again and returns once the broker takes AMQP connections.
     * Durable queues and persistent messages the broker had written survive; the host port stays the same.
     *
     * @throws IllegalStateException if the broker does not take connections within 90 s of the restart
     */
    public void killAndRestart() { faultsOf().killAndRestart(); }

    /**
     * Closes every client connection from the broker's side ({@code rabbitmqctl close_all_connections}), as an
     * operator or a node maintenance would; the broker keeps running.
     *
     * @throws IllegalStateException if {@code rabbitmqctl} fails in the container
     */
    public void closeAllConnections() { faultsOf().closeAllConnections(); }

    // --- lifecycle (JUnit) ---------------------------------------------------------------------------------

    @Override public void beforeAll(ExtensionContext context) { start(false); }

    @Override public void beforeEach(ExtensionContext context) { start(true); }

    @Override public synchronized void afterEach(ExtensionContext context) {
        if (faults == null) return;
        if (perTest) {
            stop();
            return;
        }
        faults.heal();
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
        ContainerFaults f = new ContainerFaults(c.getDockerClient(), c.getContainerId(), command -> BrokerFaults.exec(c, command));
        hostPort = f.mappedPort(AMQP);
        faults = new BrokerFaults(c, f, uri(c, hostPort), AMQP);
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

    private BrokerFaults faultsOf() {
        BrokerFaults f = faults;
        if (f == null) running();
        return f;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free TCP port for the broker: " + e, e);
        }
    }
}
