package dev.warren.worker.supervisor;

import dev.warren.common.internal.Announcement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Rates and history from the cumulative counters, sampled by the announcer's timer: the rates of the last
 * minute, and buckets of {@value #BUCKET_MS} ms over the last {@value #BUCKETS} buckets (5 minutes). Pure
 * arithmetic on samples, no clock of its own. Not thread-safe: the timer thread owns it.
 */
final class FleetHistory {
    static final long WINDOW_MS = 60_000;
    static final long BUCKET_MS = 10_000;
    static final int BUCKETS = 30;

    private record Sample(long t, long done, long failed, long sumMs) {}

    private static final class Bucket {
        final long t;
        long done, failed, sumMs, maxMs;

        Bucket(long t) { this.t = t; }

        Announcement.Point point() {
            return new Announcement.Point(t, BUCKET_MS, done, failed, done == 0 ? 0 : (double) sumMs / done, maxMs);
        }
    }

    private final Deque<Sample> window = new ArrayDeque<>();
    private final Deque<Bucket> buckets = new ArrayDeque<>();
    private final Deque<long[]> maxes = new ArrayDeque<>(); // {t, max ms of the tasks ended since the sample before}
    private Sample last;

    /**
     * Records the counters at {@code now}.
     *
     * @param maxMs the longest task that ended since the previous sample
     */
    void sample(long now, long done, long failed, long sumMs, long maxMs) {
        Sample s = new Sample(now, done, failed, sumMs);
        if (last != null && now > last.t()) {
            Bucket b = bucket(now);
            b.done += done - last.done();
            b.failed += failed - last.failed();
            b.sumMs += sumMs - last.sumMs();
            b.maxMs = Math.max(b.maxMs, maxMs);
        }
        last = s;
        window.addLast(s);
        maxes.addLast(new long[] {now, maxMs});
        while (window.size() > 1 && now - window.peekFirst().t() > WINDOW_MS) window.removeFirst();
        while (!maxes.isEmpty() && now - maxes.peekFirst()[0] > WINDOW_MS) maxes.removeFirst();
    }

    /** Over the last minute (or since the first sample, if later). */
    Announcement.Rates rates() {
        if (window.size() < 2) return new Announcement.Rates(WINDOW_MS, 0, 0, 0, 0);
        Sample a = window.peekFirst(), b = window.peekLast();
        double secs = (b.t() - a.t()) / 1000.0;
        long n = b.done() - a.done();
        long max = 0;
        for (long[] m : maxes) if (m[0] > a.t()) max = Math.max(max, m[1]);
        return new Announcement.Rates(WINDOW_MS, n / secs, (b.failed() - a.failed()) / secs,
                n == 0 ? 0 : (double) (b.sumMs() - a.sumMs()) / n, max);
    }

    /** The buckets, oldest first; the last one is still filling. */
    List<Announcement.Point> points() {
        List<Announcement.Point> out = new ArrayList<>(buckets.size());
        for (Bucket b : buckets) out.add(b.point());
        return out;
    }

    private Bucket bucket(long now) {
        long t = now - Math.floorMod(now, BUCKET_MS);
        Bucket b = buckets.peekLast();
        if (b == null || b.t != t) {
            b = new Bucket(t);
            buckets.addLast(b);
            while (buckets.size() > BUCKETS) buckets.removeFirst();
        }
        return b;
    }
}
