package dev.warren.examples;

/**
 * The CPU-bound loop behind {@link Examples#COUNTDOWN}, shared so that the worker's task, the
 * demo's in-process threads and the benchmark's raw baseline do exactly the same work.
 */
public final class Countdown {
    /** Keeps the loop's result observable so the JIT cannot drop the loop. */
    private static volatile long sink;

    private Countdown() {}

    /**
     * Counts n down to zero, one xorshift step per count (Python's {@code while n > 0: n -= 1} does
     * comparable work per step in its interpreter); returns the elapsed milliseconds.
     *
     * @throws IllegalArgumentException if n &lt; 0
     * @throws InterruptedException     if the thread is interrupted (checked every ~million steps)
     */
    public static long run(long n) throws InterruptedException { return run(n, null); }

    /** What {@link #run(long, Progress)} reports to: counts done of the total, every ~million steps. */
    @FunctionalInterface
    public interface Progress { void report(long done, long total); }

    /**
     * {@link #run(long)}, reporting progress every 2<sup>20</sup> steps (where the interrupt is checked too).
     *
     * @param progress null = report nothing
     */
    public static long run(long n, Progress progress) throws InterruptedException {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0: " + n);
        long total = n;
        long start = System.nanoTime();
        long x = 88172645463325252L;
        while (n > 0) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            n--;
            if ((n & 0xFFFFF) == 0) {
                if (Thread.currentThread().isInterrupted()) throw new InterruptedException("countdown interrupted");
                if (progress != null) progress.report(total - n, total);
            }
        }
        sink = x;
        return (System.nanoTime() - start) / 1_000_000;
    }
}
