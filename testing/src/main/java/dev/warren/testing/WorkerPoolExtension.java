package dev.warren.testing;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real supervisor ({@link WorkerProcess}) on a queue of its own, shared by the test methods of a class: started
 * before all of them on the {@link TestBroker}, killed after all of them, its task queue (and what warren declares
 * beside it) deleted then.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final WorkerPoolExtension pool = WorkerPoolExtension.builder("it.retry").children(2).awaitConsuming().build();
 *
 * @Test void works() {
 *     TaskExecutor.connect(ProducerOptions.builder().uri(pool.brokerUri()).queue(pool.queue()).build());
 *     // pool.worker() is the supervisor; pool.cliEnv() the environment the warren command needs for this queue
 * }
 * }</pre>
 *
 * <p>Register it on a {@code static} field: the supervisor starts before the class's own {@code @BeforeAll} methods
 * run and is stopped after its {@code @AfterAll} methods. The queue name is fixed when the extension is built, so
 * field initialisers may use {@link #queue()}; the broker is asked for only when the supervisor starts.
 * Thread-safe to read ({@link #worker()} from any thread); JUnit calls the callbacks from one thread.
 */
public final class WorkerPoolExtension implements BeforeAllCallback, AfterAllCallback {
    /** How long {@link Builder#awaitConsuming()} waits for the children, unless told otherwise. */
    public static final Duration DEFAULT_CONSUMING_TIMEOUT = Duration.ofSeconds(60);

    private final String queue;
    private final int children;
    private final Duration consumingTimeout; // null: readiness only
    private final Consumer<WorkerProcessBuilder> configure;
    private volatile WorkerProcess worker; // read from the tests' threads (awaitility polls on its own)

    private WorkerPoolExtension(Builder b) {
        this.queue = b.queue != null ? b.queue : TestBroker.uniqueQueue(b.queuePrefix);
        this.children = b.children;
        this.consumingTimeout = b.consumingTimeout;
        this.configure = b.configure;
    }

    /** A builder for a supervisor on a queue named {@code <queuePrefix>.<8 random hex digits>}. */
    public static Builder builder(String queuePrefix) { return new Builder(queuePrefix); }

    /** The task queue the supervisor consumes (known from construction on). */
    public String queue() { return queue; }

    /** The test broker's URI (credentials included; do not log it). */
    public String brokerUri() { return TestBroker.get().uri(); }

    /**
     * The running supervisor.
     *
     * @throws IllegalStateException before all tests of the class started or after they ended
     */
    public WorkerProcess worker() {
        if (worker == null) throw new IllegalStateException("the supervisor runs only while the class's tests run");
        return worker;
    }

    /** {@code WARREN_BROKER_URI} and {@code WARREN_QUEUE} for this pool, as the {@code warren} command reads them. */
    public Map<String, String> cliEnv() { return Map.of("WARREN_BROKER_URI", brokerUri(), "WARREN_QUEUE", queue); }

    @Override public void beforeAll(ExtensionContext context) {
        WorkerProcessBuilder b = WorkerProcess.builder(brokerUri()).queue(queue).children(children);
        configure.accept(b);
        worker = b.start();
        if (consumingTimeout != null) worker.awaitConsuming(children, consumingTimeout);
    }

    @Override public void afterAll(ExtensionContext context) {
        try {
            if (worker != null) worker.close();
        } finally {
            worker = null;
            TestBroker.get().deleteTaskQueue(queue);
        }
    }

    /** How to start the pool; from {@link #builder(String)}. Not thread-safe. */
    public static final class Builder {
        private final String queuePrefix;
        private String queue;
        private int children = 2;
        private Duration consumingTimeout;
        private Consumer<WorkerProcessBuilder> configure = b -> { };

        private Builder(String queuePrefix) { this.queuePrefix = Objects.requireNonNull(queuePrefix, "queuePrefix"); }

        /**
         * Names the queue exactly, instead of {@code <queuePrefix>.<random>}; for a test that needs the name before
         * the extension is built. It must be unique to the test class ({@link TestBroker#uniqueQueue(String)}).
         */
        public Builder queue(String name) { this.queue = Objects.requireNonNull(name, "name"); return this; }

        /** {@code WARREN_CHILDREN}: child JVMs to keep (default 2). */
        public Builder children(int n) {
            if (n < 1) throw new IllegalArgumentException("children must be at least 1: " + n);
            this.children = n;
            return this;
        }

        /**
         * After readiness (one child consumes), wait until all {@link #children(int)} consume, for at most
         * {@link WorkerPoolExtension#DEFAULT_CONSUMING_TIMEOUT} (60 s); default: readiness only.
         */
        public Builder awaitConsuming() { return awaitConsuming(DEFAULT_CONSUMING_TIMEOUT); }

        /** As {@link #awaitConsuming()}, waiting at most {@code timeout}. */
        public Builder awaitConsuming(Duration timeout) {
            this.consumingTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Any other variable for the supervisor, as {@link WorkerProcessBuilder#env(String, String)}. */
        public Builder env(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            return configure(b -> b.env(name, value));
        }

        /** Further settings of the {@link WorkerProcessBuilder} (applied after queue and children, in order). */
        public Builder configure(Consumer<WorkerProcessBuilder> more) {
            Objects.requireNonNull(more, "more");
            this.configure = this.configure.andThen(more);
            return this;
        }

        /** The extension; register it on a static field with {@code @RegisterExtension}. */
        public WorkerPoolExtension build() { return new WorkerPoolExtension(this); }
    }
}
