package dev.warren.common.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * warren's one backoff: a delay that starts at {@link #first()} and doubles with every further retry up to
 * {@link #max()}. Immutable and thread-safe; callers count their retries. Used for the supervisor's connect loop,
 * a pool slot's restarts and the child's reply retries.
 *
 * <pre>{@code
 * Backoff b = Backoff.exponential(Duration.ofMillis(250), Duration.ofSeconds(5));
 * b.delayMs(1) == 250; b.delayMs(2) == 500; b.delayMs(3) == 1000; ... b.delayMs(100) == 5000
 * }</pre>
 */
public final class Backoff {
    private final Duration first;
    private final Duration max;

    private Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
    }

    /**
     * A delay of {@code first} before the first retry, doubling up to {@code max}.
     *
     * @throws IllegalArgumentException unless {@code 0 < first <= max}
     */
    public static Backoff exponential(Duration first, Duration max) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        if (first.isNegative() || first.isZero()) throw new IllegalArgumentException("first must be > 0: " + first);
        if (max.compareTo(first) < 0) throw new IllegalArgumentException("max " + max + " is below first " + first);
        return new Backoff(first, max);
    }

    /** The delay before the first retry. */
    public Duration first() { return first; }

    /** The longest delay. */
    public Duration max() { return max; }

    /**
     * The delay before retry number {@code retry}: {@code first × 2^(retry-1)}, at most {@link #max()}.
     *
     * @throws IllegalArgumentException if {@code retry < 1}
     */
    public Duration delay(int retry) {
        if (retry < 1) throw new IllegalArgumentException("retries count from 1: " + retry);
        int shift = retry - 1;
        long firstMs = first.toMillis();
        // past 2^62 a shift overflows; long before that the delay is max
        if (shift >= 62 || firstMs > (max.toMillis() >> shift)) return max;
        Duration d = first.multipliedBy(1L << shift);
        return d.compareTo(max) > 0 ? max : d;
    }

    /** {@link #delay(int)} in milliseconds. */
    public long delayMs(int retry) { return delay(retry).toMillis(); }

    /** The sum of the delays before retries {@code 1..retries}. */
    public Duration total(int retries) {
        Duration sum = Duration.ZERO;
        for (int i = 1; i <= retries; i++) sum = sum.plus(delay(i));
        return sum;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Backoff b && b.first.equals(first) && b.max.equals(max);
    }

    @Override public int hashCode() { return Objects.hash(first, max); }

    @Override public String toString() { return "Backoff[" + first.toMillis() + " ms doubling to " + max.toMillis() + " ms]"; }
}
