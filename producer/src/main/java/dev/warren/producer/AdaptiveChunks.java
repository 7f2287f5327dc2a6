package dev.warren.producer;

import java.util.function.LongSupplier;

/**
 * The default chunking of {@code map}: chunk sizes chosen from measured work time, as an adaptive chunker would
 * (Python's {@code Pool.map} picks a chunksize from the input's length instead, which warren does not know).
 *
 * <ul>
 *   <li>Each ok reply carries the worker's start and finish (epoch ms): the work per input lay between
 *       {@code (finished - started) / inputs} and {@code (finished - started + 1 ms) / inputs}. The first reply sets
 *       the estimate to the upper end; later ones move it only when it falls outside that range: at once to a
 *       slower one, by at most half per reply to a faster one, so one quick chunk cannot make the next one huge
 *       and sub-millisecond single inputs do not pull it back up.</li>
 *   <li>The next chunk is {@value #TARGET_MILLIS} ms of work by that estimate, at most {@value #MAX_INPUTS}
 *       inputs and about {@value #BYTE_BUDGET} bytes of JSON (from the bytes per input seen so far). A task of
 *       {@value #TARGET_MILLIS} ms or more therefore always travels alone, so long tasks spread over every
 *       worker; a no-op reaches the largest chunks within a few dozen replies, which arrive a
 *       window at a time.</li>
 *   <li>Until the first measurement, every message holds one input and the window opens gradually:
 *       {@value #PROBE_WINDOW} messages, doubling every {@value #PROBE_TICK_MILLIS} ms up to {@code maxInFlight}.
 *       Short tasks thus never queue a full window of single inputs ahead of the first larger chunk, and long
 *       ones fill the whole window within a few ticks.</li>
 * </ul>
 */
final class AdaptiveChunks implements Chunking {
    /** Work per message the chunk size aims at. */
    static final int TARGET_MILLIS = 20;
    /** Largest chunk. */
    static final int MAX_INPUTS = 1024;
    /** JSON bytes per message the chunk size aims at. */
    static final int BYTE_BUDGET = 256 * 1024;
    /** Messages outstanding before anything was measured, at first. */
    static final int PROBE_WINDOW = 8;
    /** How often the window doubles before anything was measured. */
    static final int PROBE_TICK_MILLIS = 5;

    private final int maxInFlight;
    private final LongSupplier nanos;
    private final long start;
    private volatile double microsPerInput = Double.NaN; // NaN = nothing measured yet
    private volatile double bytesPerInput = Double.NaN;

    AdaptiveChunks(int maxInFlight, LongSupplier nanos) {
        this.maxInFlight = maxInFlight;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
    }

    @Override public int nextSize() {
        double perInput = microsPerInput;
        if (Double.isNaN(perInput)) return 1;
        double n = Math.min(MAX_INPUTS, TARGET_MILLIS * 1000.0 / perInput);
        double bytes = bytesPerInput;
        if (bytes > 0) n = Math.min(n, BYTE_BUDGET / bytes);
        return (int) Math.max(1, n);
    }

    @Override public int window() {
        if (!Double.isNaN(microsPerInput)) return maxInFlight;
        long ticks = (nanos.getAsLong() - start) / (PROBE_TICK_MILLIS * 1_000_000L);
        return ticks >= 20 ? maxInFlight : (int) Math.min(maxInFlight, (long) PROBE_WINDOW << ticks);
    }

    @Override public boolean growing() { return window() < maxInFlight; }

    @Override public synchronized void encoded(int inputs, int bytes) {
        double b = (double) bytes / inputs;
        double was = bytesPerInput;
        bytesPerInput = Double.isNaN(was) || b > was ? b : (was + b) / 2;
    }

    @Override public synchronized void measured(int inputs, long workMillis) {
        long w = Math.max(0, workMillis);
        double low = w * 1000.0 / inputs;        // the clocks tick in ms: the work per input lies in [low, high]
        double high = (w + 1) * 1000.0 / inputs;
        double was = microsPerInput;
        if (Double.isNaN(was)) microsPerInput = high;                  // the first: assume the worst
        else if (low > was) microsPerInput = (low + high) / 2;         // slower: follow at once
        else if (high < was) microsPerInput = Math.max(high, was / 2); // faster: at most halve
    }

    @Override public boolean singleAsItself() { return true; }

    @Override public boolean splits() { return true; }

    /** The current estimate of work per input, in µs (NaN before the first result); for tests and logs. */
    double microsPerInput() { return microsPerInput; }
}
