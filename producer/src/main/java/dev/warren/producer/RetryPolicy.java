package dev.warren.producer;

import dev.warren.common.Protocol;
import dev.warren.common.TaskError;
import dev.warren.common.internal.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When the producer submits a task again after an error reply: at most {@link #maxAttempts()} attempts, with an
 * exponential backoff with jitter between them. Immutable and thread-safe; build one with {@link #builder()}, or
 * use {@link #NONE} (one attempt, the default) or {@link #attempts(int)}.
 *
 * <p>Which errors are retried: an error whose type is in {@link #neverRetry()} never is (by default
 * {@link #DEFAULT_NEVER_RETRY}: cancelled, refused as malformed or unknown, past its deadline, ...); otherwise one
 * whose type is in {@link #alsoRetry()} always is (e.g. {@code warren.WorkerCrashed} if the task is safe to run
 * again after crashing its workers); otherwise the reply's {@code retryable} flag decides (true for an exception
 * thrown by the task's code).
 *
 * <p>A retry re-publishes the same message with the same task id (so a cancel and a re-attach still reach it) and
 * header {@code warren-producer-attempt} = its number; the task's deadline and the call's timeout are those of the
 * first attempt, so retries never extend a call. Only the executor that submitted a task retries it: a future from
 * {@code attach} or a detached task is not retried. The final {@link RemoteTaskException} lists every attempt
 * ({@link RemoteTaskException#history()}).
 */
public final class RetryPolicy {
    /** Error types never retried by default, whatever their {@code retryable} flag says. */
    public static final Set<String> DEFAULT_NEVER_RETRY = Set.of(Protocol.E_CANCELLED, Protocol.E_BAD_INPUT,
            Protocol.E_UNKNOWN_TASK, Protocol.E_NOT_JSON, Protocol.E_BAD_ENVELOPE, Protocol.E_UNSUPPORTED_PROTOCOL,
            Protocol.E_TOO_LARGE, Protocol.E_INPUT_TYPE_MISMATCH, Protocol.E_DEADLINE_EXCEEDED,
            Protocol.E_OUTPUT_TOO_LARGE, Protocol.E_REPLY_QUEUE_MISSING);
    /** Default delay before the first retry. */
    public static final Duration DEFAULT_FIRST_DELAY = Duration.ofSeconds(1);
    /** Default longest delay between attempts. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);
    /** Default jitter: each delay is drawn uniformly from {@code [d × (1 - jitter), d]}. */
    public static final double DEFAULT_JITTER = 0.5;
    /** One attempt: no retries. */
    public static final RetryPolicy NONE = builder().build();

    private final int maxAttempts;
    private final Backoff backoff;
    private final double jitter;
    private final Set<String> neverRetry;
    private final Set<String> alsoRetry;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.backoff = Backoff.exponential(b.first, b.max);
        this.jitter = b.jitter;
        this.neverRetry = Set.copyOf(b.neverRetry);
        this.alsoRetry = Set.copyOf(b.alsoRetry);
    }

    /** A builder with the defaults: one attempt, 1 s doubling to 30 s, jitter 0.5, {@link #DEFAULT_NEVER_RETRY}. */
    public static Builder builder() { return new Builder(); }

    /** Up to {@code maxAttempts} attempts with the default backoff. @throws IllegalArgumentException if below 1 */
    public static RetryPolicy attempts(int maxAttempts) { return builder().maxAttempts(maxAttempts).build(); }

    /** Attempts in all, the first included (1 = no retry). */
    public int maxAttempts() { return maxAttempts; }
    /** The delay before the first retry (before jitter). */
    public Duration firstDelay() { return backoff.first(); }
    /** The longest delay (before jitter). */
    public Duration maxDelay() { return backoff.max(); }
    /** The fraction of each delay that is random, 0..1. */
    public double jitter() { return jitter; }
    /** Error types never retried. */
    public Set<String> neverRetry() { return neverRetry; }
    /** Error types retried even when the reply says they are not retryable. */
    public Set<String> alsoRetry() { return alsoRetry; }

    /** Whether an attempt that ended with this error may be followed by another (attempts left aside). */
    public boolean retries(TaskError error) {
        if (neverRetry.contains(error.type())) return false;
        return alsoRetry.contains(error.type()) || error.retryable();
    }

    /** The delay before retry number {@code retry} (1 = the second attempt), jitter applied. */
    Duration delay(int retry) {
        long ms = backoff.delayMs(retry);
        return Duration.ofMillis(ms - (long) (ms * jitter * ThreadLocalRandom.current().nextDouble()));
    }

    @Override public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", " + backoff + ", jitter=" + jitter + ", never="
                + new TreeSet<>(neverRetry) + (alsoRetry.isEmpty() ? "" : ", also=" + new TreeSet<>(alsoRetry)) + "]";
    }

    /** Collects a policy; not thread-safe. {@link #build()} validates. */
    public static final class Builder {
        private int maxAttempts = 1;
        private Duration first = DEFAULT_FIRST_DELAY;
        private Duration max = DEFAULT_MAX_DELAY;
        private double jitter = DEFAULT_JITTER;
        private Set<String> neverRetry = DEFAULT_NEVER_RETRY;
        private Set<String> alsoRetry = Set.of();

        private Builder() {}

        /** Attempts in all, at least 1 (1 = no retry). */
        public Builder maxAttempts(int n) { this.maxAttempts = n; return this; }
        /** The delay before the first retry, doubling with each further one up to {@code max} ({@code 0 < first <= max}). */
        public Builder backoff(Duration first, Duration max) {
            this.first = Objects.requireNonNull(first, "first");
            this.max = Objects.requireNonNull(max, "max");
            return this;
        }
        /** The random fraction of each delay, 0 (none) to 1 (anything from 0 to the delay). */
        public Builder jitter(double jitter) { this.jitter = jitter; return this; }
        /** Error types never retried; replaces the default set (add to {@link #DEFAULT_NEVER_RETRY} to keep it). */
        public Builder neverRetry(Set<String> types) { this.neverRetry = Set.copyOf(types); return this; }
        /** Error types retried even when not flagged {@code retryable}, e.g. {@code warren.WorkerCrashed}. */
        public Builder alsoRetry(Set<String> types) { this.alsoRetry = Set.copyOf(types); return this; }

        /** @throws IllegalArgumentException naming the setting that is out of range */
        public RetryPolicy build() {
            if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
            if (first.isNegative() || first.isZero()) throw new IllegalArgumentException("backoff first delay must be positive: " + first);
            if (max.compareTo(first) < 0) throw new IllegalArgumentException("backoff max delay " + max + " is below the first delay " + first);
            if (!(jitter >= 0 && jitter <= 1)) throw new IllegalArgumentException("jitter must be 0..1: " + jitter);
            return new RetryPolicy(this);
        }
    }
}
