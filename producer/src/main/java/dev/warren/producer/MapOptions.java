package dev.warren.producer;

import java.time.Duration;
import java.util.Optional;

/**
 * Options of one {@code map} call. Immutable; build with {@link #builder()} or use {@link #DEFAULTS}.
 *
 * <ul>
 *   <li>{@code chunksize} (default {@value #DEFAULT_CHUNKSIZE}): inputs per message, like {@code Pool.map}'s
 *       chunksize. A chunk travels as a JSON array with header {@code warren-chunk}; its reply is an array of
 *       outputs in the same order, and an error fails every input of the chunk.</li>
 *   <li>{@code maxInFlight} (default: the executor's {@link ProducerOptions#maxInFlight()}): messages outstanding
 *       at once; the input is read lazily as replies come in.</li>
 *   <li>{@code timeout} (default: the executor's {@link ProducerOptions#defaultTimeout()}): per message.</li>
 * </ul>
 */
public final class MapOptions {
    /** One input per message. */
    public static final int DEFAULT_CHUNKSIZE = 1;
    /** chunksize 1, the executor's maxInFlight and timeout. */
    public static final MapOptions DEFAULTS = builder().build();

    private final int chunksize;
    private final Integer maxInFlight;
    private final Duration timeout;

    private MapOptions(int chunksize, Integer maxInFlight, Duration timeout) {
        this.chunksize = chunksize;
        this.maxInFlight = maxInFlight;
        this.timeout = timeout;
    }

    public static Builder builder() { return new Builder(); }

    public int chunksize() { return chunksize; }
    /** Messages outstanding at once; empty = the executor's default. */
    public Optional<Integer> maxInFlight() { return Optional.ofNullable(maxInFlight); }
    /** Per-message timeout; empty = the executor's default. */
    public Optional<Duration> timeout() { return Optional.ofNullable(timeout); }

    /** Not thread-safe; {@link #build()} validates. */
    public static final class Builder {
        private int chunksize = DEFAULT_CHUNKSIZE;
        private Integer maxInFlight;
        private Duration timeout;

        private Builder() {}

        public Builder chunksize(int n) { this.chunksize = n; return this; }
        /** Messages outstanding at once; null = the executor's default. */
        public Builder maxInFlight(Integer n) { this.maxInFlight = n; return this; }
        public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }

        /** @throws IllegalArgumentException when chunksize or maxInFlight is below 1, or the timeout is not positive */
        public MapOptions build() {
            if (chunksize < 1) throw new IllegalArgumentException("chunksize must be at least 1: " + chunksize);
            if (maxInFlight != null && maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
            if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            return new MapOptions(chunksize, maxInFlight, timeout);
        }
    }
}
