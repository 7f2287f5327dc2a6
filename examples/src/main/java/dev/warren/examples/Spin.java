package dev.warren.examples;

/** The loop behind {@link Examples#SPIN}: burns CPU until a duration passed, deaf to interrupts. */
public final class Spin {
    private static volatile long sink;

    private Spin() {}

    /**
     * Spins for {@code seconds}, never looking at the thread's interrupt status.
     *
     * @return the seconds asked for
     * @throws IllegalArgumentException unless 0 &lt;= seconds &lt;= 3600
     */
    public static double run(double seconds) {
        if (!(seconds >= 0 && seconds <= 3600)) throw new IllegalArgumentException("seconds must be 0..3600: " + seconds);
        long end = System.nanoTime() + Math.round(seconds * 1e9);
        long x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
        return seconds;
    }
}
