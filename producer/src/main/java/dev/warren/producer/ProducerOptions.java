package dev.warren.producer;

import dev.warren.common.BrokerSettings;
import dev.warren.common.Protocol;
import dev.warren.common.QueueType;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * How a {@link TaskExecutor} connects and submits. Immutable and thread-safe; build one with
 * {@link #builder()}, which validates everything in {@link Builder#build()}.
 *
 * <p>Defaults (each a named constant where it is a value):
 * <ul>
 *   <li>{@code broker}: {@link BrokerSettings#fromEnvironment()} ({@code WARREN_BROKER_URI}, ...);</li>
 *   <li>{@code queue}: {@code WARREN_QUEUE} from the environment, else {@link Protocol#DEFAULT_QUEUE};</li>
 *   <li>{@code queueType}: {@link #DEFAULT_QUEUE_TYPE};</li>
 *   <li>{@code clientId}: {@code WARREN_CLIENT_ID}, else {@code <hostname>-<pid>-<8 random hex>}; the reply queue is
 *       {@link Protocol#REPLY_PREFIX}{@code + clientId}. A given id is <em>stable</em>: its reply queue outlives the
 *       executor, for a re-attach ({@link TaskExecutor#attach});</li>
 *   <li>{@code unclaimedReplyRetention}: {@link #DEFAULT_UNCLAIMED_REPLY_RETENTION} (stable ids only);</li>
 *   <li>{@code retryPolicy}: {@link RetryPolicy#NONE}, and none per task name;</li>
 *   <li>{@code defaultTimeout}: none (tasks wait for their reply for as long as it takes);</li>
 *   <li>{@code maxInFlight}: {@link #DEFAULT_MAX_IN_FLIGHT} messages outstanding per {@code map} call;</li>
 *   <li>{@code maxBodyBytes}: {@link #DEFAULT_MAX_BODY_BYTES}, checked before publishing;</li>
 *   <li>{@code persistent}: {@link #DEFAULT_PERSISTENT};</li>
 *   <li>{@code replyQueueExpiry}: {@link #DEFAULT_REPLY_QUEUE_EXPIRY}, {@link #DEFAULT_STABLE_REPLY_QUEUE_EXPIRY} if stable;</li>
 *   <li>{@code replyQueueType}: {@code WARREN_REPLY_QUEUE_TYPE} from the environment, else {@code quorum} when the
 *       broker settings list several nodes (a cluster: replies survive the loss of the node holding them) and
 *       {@code classic} for one (faster on a single node; RabbitMQ only);</li>
 *   <li>{@code brokerLossTimeout}: {@link #DEFAULT_BROKER_LOSS_TIMEOUT};</li>
 *   <li>{@code completionExecutor}: an internal pool of daemon threads, shut down when the executor terminates;</li>
 *   <li>{@code traceContext}: none: a task carries the caller's OpenTelemetry context when the API is on the class
 *       path (through a PRODUCER span), else no {@code traceparent} (warren never makes a trace up);</li>
 *   <li>{@code openTelemetry}: {@code GlobalOpenTelemetry} once the application (or its agent) sets it;</li>
 *   <li>{@code meterRegistry}: none (no metrics);</li>
 *   <li>{@code declareTopology}: true (declare the task queue, its dead-letter queue and control exchange).</li>
 * </ul>
 */
public final class ProducerOptions {
    /** Default task queue type: replicated quorum queues on RabbitMQ (a durable queue elsewhere). */
    public static final QueueType DEFAULT_QUEUE_TYPE = QueueType.QUORUM;
    /** Default bound on messages outstanding in one {@code map} call. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1000;
    /** Default limit on an encoded task body. */
    public static final int DEFAULT_MAX_BODY_BYTES = Protocol.DEFAULT_MAX_BODY_BYTES;
    /** Tasks are persistent (delivery mode 2) by default. */
    public static final boolean DEFAULT_PERSISTENT = true;
    /** Default time a reply queue lives without consumers (RabbitMQ's {@code x-expires}). */
    public static final Duration DEFAULT_REPLY_QUEUE_EXPIRY = Duration.ofMinutes(30);
    /** Default time the reply queue of a stable client id lives without consumers: replies wait for a re-attach. */
    public static final Duration DEFAULT_STABLE_REPLY_QUEUE_EXPIRY = Duration.ofHours(24);
    /** Default time a stable client holds a reply for a task id nobody awaits before dropping it. */
    public static final Duration DEFAULT_UNCLAIMED_REPLY_RETENTION = Duration.ofMinutes(10);
    /** Default time the broker may stay unreachable before pending tasks fail. */
    public static final Duration DEFAULT_BROKER_LOSS_TIMEOUT = Duration.ofSeconds(60);

    private final BrokerSettings broker;
    private final String queue;
    private final QueueType queueType;
    private final String clientId;
    private final Duration defaultTimeout;
    private final int maxInFlight;
    private final int maxBodyBytes;
    private final boolean persistent;
    private final Duration replyQueueExpiry;
    private final QueueType replyQueueType;
    private final Duration brokerLossTimeout;
    private final Executor completionExecutor;
    private final Supplier<String> traceContext;
    private final Object openTelemetry;
    private final Object meterRegistry;
    private final boolean declareTopology;
    private final boolean stableClientId;
    private final Duration unclaimedReplyRetention;
    private final RetryPolicy retryPolicy;
    private final Map<String, RetryPolicy> retryPolicies;

    private ProducerOptions(Builder b, BrokerSettings broker, String queue, String clientId, QueueType replyQueueType) {
        this.stableClientId = ClientIds.stable(b.clientId, b.environment);
        this.unclaimedReplyRetention = b.unclaimedReplyRetention;
        this.retryPolicy = b.retryPolicy;
        this.retryPolicies = Map.copyOf(b.retryPolicies);
        this.replyQueueType = replyQueueType;
        this.broker = broker;
        this.queue = queue;
        this.queueType = b.queueType;
        this.clientId = clientId;
        this.defaultTimeout = b.defaultTimeout;
        this.maxInFlight = b.maxInFlight;
        this.maxBodyBytes = b.maxBodyBytes;
        this.persistent = b.persistent;
        this.replyQueueExpiry = b.replyQueueExpiry != null ? b.replyQueueExpiry
                : stableClientId ? DEFAULT_STABLE_REPLY_QUEUE_EXPIRY : DEFAULT_REPLY_QUEUE_EXPIRY;
        this.brokerLossTimeout = b.brokerLossTimeout;
        this.completionExecutor = b.completionExecutor;
        this.traceContext = b.traceContext;
        this.openTelemetry = b.openTelemetry;
        this.meterRegistry = b.meterRegistry;
        this.declareTopology = b.declareTopology;
    }

    /** A builder with every default. */
    public static Builder builder() { return new Builder(); }

    /** Where to connect (URI, TLS, recovery interval). */
    public BrokerSettings broker() { return broker; }
    /** The task queue tasks are published to. */
    public String queue() { return queue; }
    /** The type the task queue is declared with (RabbitMQ only; a plain durable queue elsewhere). */
    public QueueType queueType() { return queueType; }
    /** This producer's identity: names its reply queue and its connection. */
    public String clientId() { return clientId; }
    /** This producer's reply queue: {@link Protocol#REPLY_PREFIX} + {@link #clientId()}. */
    public String replyQueue() { return Protocol.REPLY_PREFIX + clientId; }
    /** The timeout of tasks submitted without one; empty = none. */
    public Optional<Duration> defaultTimeout() { return Optional.ofNullable(defaultTimeout); }
    /** The default bound on messages outstanding in one {@code map} call. */
    public int maxInFlight() { return maxInFlight; }
    /** The largest encoded task body accepted; larger inputs are refused before publishing. */
    public int maxBodyBytes() { return maxBodyBytes; }
    /** Whether tasks are published persistent (delivery mode 2). */
    public boolean persistent() { return persistent; }
    /** How long the reply queue lives without consumers (RabbitMQ's {@code x-expires}). */
    public Duration replyQueueExpiry() { return replyQueueExpiry; }
    /** The reply queue's type on RabbitMQ: quorum (replicated, for a cluster) or classic (one node). */
    public QueueType replyQueueType() { return replyQueueType; }
    /** How long the broker may stay unreachable before pending futures fail with {@link BrokerUnavailableException}. */
    public Duration brokerLossTimeout() { return brokerLossTimeout; }
    /** The executor that completes futures; empty = an internal daemon pool. */
    public Optional<Executor> completionExecutor() { return Optional.ofNullable(completionExecutor); }
    /** The supplier of each task's parent {@code traceparent}; empty = the caller's OpenTelemetry context, if any. */
    public Optional<Supplier<String>> traceContext() { return Optional.ofNullable(traceContext); }
    /** The {@code io.opentelemetry.api.OpenTelemetry} of the producer spans; empty = {@code GlobalOpenTelemetry}. */
    public Optional<Object> openTelemetry() { return Optional.ofNullable(openTelemetry); }
    /** The {@code io.micrometer.core.instrument.MeterRegistry} the producer metrics go to; empty = no metrics. */
    public Optional<Object> meterRegistry() { return Optional.ofNullable(meterRegistry); }
    /** Whether connecting declares the task queue, its dead-letter queue and control exchange. */
    public boolean declareTopology() { return declareTopology; }
    /** True when the client id was given (not generated): the reply queue outlives the executor, for re-attaching. */
    public boolean stableClientId() { return stableClientId; }
    /** How long a stable client holds a reply for a task id nobody awaits before dropping it with a WARN. */
    public Duration unclaimedReplyRetention() { return unclaimedReplyRetention; }
    /** The retry policy of tasks of this name: its own, else the default one. */
    public RetryPolicy retryPolicy(String taskName) { return retryPolicies.getOrDefault(taskName, retryPolicy); }

    @Override public String toString() {
        return "ProducerOptions[broker=" + broker.maskedUri() + ", queue=" + queue + ", queueType=" + queueType
                + ", clientId=" + clientId + ", replyQueueType=" + replyQueueType + ", defaultTimeout=" + defaultTimeout + ", maxInFlight=" + maxInFlight
                + ", maxBodyBytes=" + maxBodyBytes + ", persistent=" + persistent + "]";
    }

    /** Collects options; not thread-safe. {@link #build()} validates and applies the defaults. */
    public static final class Builder {
        private BrokerSettings broker;
        private String queue;
        private QueueType queueType = DEFAULT_QUEUE_TYPE;
        private String clientId;
        private Duration defaultTimeout;
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private boolean persistent = DEFAULT_PERSISTENT;
        private Duration replyQueueExpiry;
        private Duration unclaimedReplyRetention = DEFAULT_UNCLAIMED_REPLY_RETENTION;
        private RetryPolicy retryPolicy = RetryPolicy.NONE;
        private final Map<String, RetryPolicy> retryPolicies = new java.util.HashMap<>();
        private QueueType replyQueueType;
        private Duration brokerLossTimeout = DEFAULT_BROKER_LOSS_TIMEOUT;
        private Executor completionExecutor;
        private Supplier<String> traceContext;
        private Object openTelemetry;
        private Object meterRegistry;
        private boolean declareTopology = true;
        private Map<String, String> environment = System.getenv();

        private Builder() {}

        /** Where to connect (default: from the environment). */
        public Builder broker(BrokerSettings broker) { this.broker = Objects.requireNonNull(broker, "broker"); return this; }
        /** Shorthand for {@code broker(BrokerSettings.of(uri))}. */
        public Builder uri(String uri) { return broker(BrokerSettings.of(uri)); }
        /** The task queue; null = {@code WARREN_QUEUE} or {@link Protocol#DEFAULT_QUEUE}. */
        public Builder queue(String queue) { this.queue = queue; return this; }
        /** The task queue's type on RabbitMQ. */
        public Builder queueType(QueueType type) { this.queueType = Objects.requireNonNull(type, "queueType"); return this; }
        /** This producer's id, 1..200 of {@code [A-Za-z0-9._:-]}; null = {@code WARREN_CLIENT_ID}, else generated.
         *  A given id is stable; use it in one executor at a time (two would take each other's replies). */
        public Builder clientId(String clientId) { this.clientId = clientId; return this; }
        /** Timeout for tasks submitted without one; null = none. */
        public Builder defaultTimeout(Duration timeout) { this.defaultTimeout = timeout; return this; }
        /** The default bound on messages outstanding in one {@code map} call (at least 1). */
        public Builder maxInFlight(int n) { this.maxInFlight = n; return this; }
        /** The largest encoded task body (at least 1). */
        public Builder maxBodyBytes(int n) { this.maxBodyBytes = n; return this; }
        /** Whether tasks are persistent (delivery mode 2). */
        public Builder persistent(boolean persistent) { this.persistent = persistent; return this; }
        /** How long a stable client holds a reply nobody awaits (positive; default 10 min). */
        public Builder unclaimedReplyRetention(Duration d) { this.unclaimedReplyRetention = d; return this; }
        /** The retry policy of every task without one of its own (default {@link RetryPolicy#NONE}). */
        public Builder retryPolicy(RetryPolicy policy) { this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy"); return this; }
        /** The retry policy of tasks of this name (submit, submitForResult and map). */
        public Builder retryPolicy(String taskName, RetryPolicy policy) {
            retryPolicies.put(Objects.requireNonNull(taskName, "taskName"), Objects.requireNonNull(policy, "retryPolicy")); return this; }
        /** How long the reply queue lives without consumers (at least 1 s; null = 30 min, or 24 h for a stable id). */
        public Builder replyQueueExpiry(Duration d) { this.replyQueueExpiry = d; return this; }
        /** quorum or classic; null = {@code WARREN_REPLY_QUEUE_TYPE}, else quorum for several broker nodes, classic for one. */
        public Builder replyQueueType(QueueType type) { this.replyQueueType = type; return this; }
        /** How long the broker may stay unreachable before pending futures fail (positive). */
        public Builder brokerLossTimeout(Duration d) { this.brokerLossTimeout = d; return this; }
        /** Runs future completions (and so their non-async callbacks); null = the internal pool. Never shut down by warren. */
        public Builder completionExecutor(Executor executor) { this.completionExecutor = executor; return this; }
        /**
         * Supplies the parent W3C {@code traceparent} of each task; null, or a value that is not a valid
         * {@code traceparent}, = the caller's current OpenTelemetry context, or none. With the OpenTelemetry API on
         * the class path the task's producer span is its child; without it the task carries it as it is.
         */
        public Builder traceContext(Supplier<String> traceparent) { this.traceContext = traceparent; return this; }
        /**
         * The OpenTelemetry instance ({@code io.opentelemetry.api.OpenTelemetry}, typed {@code Object} so that
         * warren-producer needs the API only when it is used) that makes the producer spans; null =
         * {@code GlobalOpenTelemetry}, once set.
         */
        public Builder openTelemetry(Object openTelemetry) { this.openTelemetry = openTelemetry; return this; }
        /**
         * The Micrometer registry ({@code io.micrometer.core.instrument.MeterRegistry}, e.g. Spring's or
         * {@code Metrics.globalRegistry}) for the producer metrics (docs/operations.md); null = no metrics.
         */
        public Builder meterRegistry(Object registry) { this.meterRegistry = registry; return this; }
        /** Whether to declare the task queue topology on connect (default true); the reply queue is always declared. */
        public Builder declareTopology(boolean declare) { this.declareTopology = declare; return this; }
        /** The environment the defaults of {@code broker} and {@code queue} are read from (default {@code System.getenv()}). */
        public Builder environment(Map<String, String> env) { this.environment = Objects.requireNonNull(env, "env"); return this; }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException when a value is out of range (the message names it)
         * @throws dev.warren.common.WarrenException when the broker settings from the environment are invalid
         */
        public ProducerOptions build() {
            String q = queue != null ? queue : environment.getOrDefault("WARREN_QUEUE", "");
            if (q.isBlank()) q = Protocol.DEFAULT_QUEUE;
            if (q.length() > 200 || q.startsWith("amq.")) {
                throw new IllegalArgumentException((queue == null ? "WARREN_QUEUE: " : "")
                        + "queue must be 1..200 characters and not start with amq.: " + q);
            }
            String id = ClientIds.resolve(clientId, environment);
            positive("unclaimedReplyRetention", unclaimedReplyRetention);
            if (defaultTimeout != null) positive("defaultTimeout", defaultTimeout);
            if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
            if (maxBodyBytes < 1) throw new IllegalArgumentException("maxBodyBytes must be at least 1: " + maxBodyBytes);
            if (replyQueueExpiry != null) positive("replyQueueExpiry", replyQueueExpiry);
            if (replyQueueExpiry != null && replyQueueExpiry.toMillis() < 1000) {
                throw new IllegalArgumentException("replyQueueExpiry must be at least 1 s: " + replyQueueExpiry);
            }
            positive("brokerLossTimeout", brokerLossTimeout);
            instance("openTelemetry", openTelemetry, "io.opentelemetry.api.OpenTelemetry");
            instance("meterRegistry", meterRegistry, "io.micrometer.core.instrument.MeterRegistry");
            BrokerSettings b = broker != null ? broker : BrokerSettings.fromEnvironment(environment);
            return new ProducerOptions(this, b, q, id, replyQueueType(b));
        }

        private QueueType replyQueueType(BrokerSettings b) {
            if (replyQueueType != null) return replyQueueType;
            String env = environment.get("WARREN_REPLY_QUEUE_TYPE");
            if (env != null && !env.isBlank()) {
                try {
                    return QueueType.parse(env);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("WARREN_REPLY_QUEUE_TYPE: " + e.getMessage(), e);
                }
            }
            return b.addresses().size() > 1 ? QueueType.QUORUM : QueueType.CLASSIC;
        }

        private static void instance(String name, Object value, String type) {
            if (value == null) return;
            Class<?> c;
            try {
                c = Class.forName(type, false, ProducerOptions.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException(name + " needs " + type + " on warren-producer's class path", e);
            }
            if (!c.isInstance(value)) {
                throw new IllegalArgumentException(name + " must be a " + type + ": " + value.getClass().getName());
            }
        }

        private static void positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
        }
    }
}
