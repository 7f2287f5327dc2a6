package dev.warren.producer;

import java.time.Duration;
import java.util.Optional;

/**
 * Options of one {@code map} call. Immutable and thread-safe; build with {@link #builder()} or use {@link #DEFAULTS}.
 *
 * <ul>
 *   <li>{@code chunksize} (default: adaptive): inputs per message, like {@code Pool.map}'s chunksize. A chunk
 *       travels as a JSON array with header {@code warren-chunk}; its reply is an array of outputs in the same
 *       order, and an error fails every input of the chunk. Adaptive (the default) starts with one input per
 *       message and chooses each next chunk from the time the workers measured for the chunks that came back:
 *       about 20 ms of work per message, at most 1,024 inputs and about 256 KiB of JSON. So tasks of a
 *       millisecond or less travel in large chunks, while a task that takes 20 ms or longer always travels alone
 *       and spreads over every worker. Until the first result comes back, the window opens gradually (8
 *       messages, doubling every 5 ms).</li>
 *   <li>{@code maxInFlight} (default: the executor's {@link ProducerOptions#maxInFlight()}): messages outstanding
 *       at once; the input is read lazily as results are consumed.</li>
 *   <li>{@code timeout} (default: none): one deadline for the whole call, counted from the {@code map} call, as
 *       Python's {@code map(timeout=)}. Every message carries it as its deadline; once it has passed nothing more
 *       is published and the stream throws a {@link java.util.concurrent.CompletionException} caused by a
 *       {@link java.util.concurrent.TimeoutException} where the first missing result would be.</li>
 *   <li>{@code taskTimeout} (default: the executor's {@link ProducerOptions#defaultTimeout()}): per message, from
 *       its publication, as {@code submit}'s timeout. A message's deadline is the earlier of the two.</li>
 * </ul>
 */
public final class MapOptions {
    /** Adaptive chunks, the executor's maxInFlight and per-task timeout, no deadline for the whole call. */
    public static final MapOptions DEFAULTS = builder().build();

    private final Integer chunksize;
    private final Integer maxInFlight;
    private final Duration timeout;
    private final Duration taskTimeout;

    private MapOptions(Builder b) {
        this.chunksize = b.chunksize;
        this.maxInFlight = b.maxInFlight;
        this.timeout = b.timeout;
        this.taskTimeout = b.taskTimeout;
    }

    /** A builder with every default. */
    public static Builder builder() { return new Builder(); }

    /** Inputs per message; empty = adaptive (the default). */
    public Optional<Integer> chunksize() { return Optional.ofNullable(chunksize); }
    /** Messages outstanding at once; empty = the executor's default. */
    public Optional<Integer> maxInFlight() { return Optional.ofNullable(maxInFlight); }
    /** The deadline of the whole call, counted from the {@code map} call; empty = none. */
    public Optional<Duration> timeout() { return Optional.ofNullable(timeout); }
    /** The timeout of each message from its publication; empty = the executor's default timeout. */
    public Optional<Duration> taskTimeout() { return Optional.ofNullable(taskTimeout); }

    /** Not thread-safe; {@link #build()} validates. */
    public static final class Builder {
        private Integer chunksize;
        private Integer maxInFlight;
        private Duration timeout;
        private Duration taskTimeout;

        private Builder() {}

        /** Inputs per message (at least 1); null = adaptive (the default). */
        public Builder chunksize(Integer n) { this.chunksize = n; return this; }
        /** Messages outstanding at once; null = the executor's default. */
        public Builder maxInFlight(Integer n) { this.maxInFlight = n; return this; }
        /** One deadline for the whole call, from the {@code map} call; null = none. */
        public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }
        /** The timeout of each message from its publication; null = the executor's default timeout. */
        public Builder taskTimeout(Duration timeout) { this.taskTimeout = timeout; return this; }

        /** @throws IllegalArgumentException when chunksize or maxInFlight is below 1, or a timeout is not positive */
        public MapOptions build() {
            if (chunksize != null && chunksize < 1) throw new IllegalArgumentException("chunksize must be at least 1: " + chunksize);
            if (maxInFlight != null && maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
            positive("timeout", timeout);
            positive("taskTimeout", taskTimeout);
            return new MapOptions(this);
        }

        private static void positive(String name, Duration d) {
            if (d != null && (d.isZero() || d.isNegative())) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
        }
    }
}
