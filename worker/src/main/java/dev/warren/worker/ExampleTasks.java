package dev.warren.worker;

import dev.warren.examples.Examples;

/**
 * The built-in examples (see {@link Examples}), registered through ServiceLoader. Every reply
 * also says which child and pid ran it (reply headers), so even {@code cube} shows where it ran.
 */
public final class ExampleTasks implements TaskModule {
    /** Keeps the countdown's result observable so the JIT cannot drop the loop. */
    static volatile long sink;

    @Override
    public void register(TaskRegistry.Builder tasks) {
        tasks.register(Examples.CUBE, (n, ctx) -> Math.multiplyExact(Math.multiplyExact(n, n), n));
        tasks.register(Examples.COUNTDOWN, (n, ctx) -> countdown(n));
        tasks.register(Examples.SLEEP, (seconds, ctx) -> {
            if (seconds < 0 || seconds > 3600) throw new IllegalArgumentException("seconds must be 0..3600: " + seconds);
            Thread.sleep(Math.round(seconds * 1000));
            return "slept " + seconds + " s in " + ctx.childId() + " pid " + ctx.pid();
        });
        tasks.register(Examples.ECHO, (v, ctx) -> v);
        tasks.register(Examples.NOOP, (v, ctx) -> v);
        tasks.register(Examples.FAIL, (message, ctx) -> {
            throw new IllegalStateException(message);
        });
        tasks.register(Examples.CRASH, (code, ctx) -> {
            System.err.println("crash task: halting " + ctx.childId() + " pid " + ctx.pid() + " with exit code " + code);
            System.err.flush();
            Runtime.getRuntime().halt(code == null || code <= 0 || code > 255 ? 13 : code);
            return "unreachable";
        });
        tasks.register(Examples.BLUR, (req, ctx) -> ImageBlur.blur(req));
        tasks.register(Examples.FETCH, (url, ctx) -> UrlFetch.fetch(url));
    }

    /**
     * Counts n down to zero, one xorshift step per count (Python's {@code while n > 0: n -= 1}
     * does comparable work per step in its interpreter); returns elapsed milliseconds.
     */
    static long countdown(long n) throws InterruptedException {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0: " + n);
        long start = System.nanoTime();
        long x = 88172645463325252L;
        while (n > 0) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            n--;
            if ((n & 0xFFFFF) == 0 && Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("countdown interrupted");
            }
        }
        sink = x;
        return (System.nanoTime() - start) / 1_000_000;
    }
}
