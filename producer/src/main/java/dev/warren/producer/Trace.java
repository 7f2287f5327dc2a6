package dev.warren.producer;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** W3C trace context helpers. */
final class Trace {
    private Trace() {}

    private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    /** A fresh sampled traceparent with random, non-zero trace and span ids. */
    static String newTraceparent() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = r.nextLong();
        long lo = r.nextLong() | 1L; // never the all-zero (invalid) trace id
        long span = r.nextLong() | 1L;
        return "00-" + hex(hi) + hex(lo) + "-" + hex(span) + "-01";
    }

    static boolean valid(String traceparent) {
        return traceparent != null && TRACEPARENT.matcher(traceparent).matches()
                && !traceparent.startsWith("00-00000000000000000000000000000000");
    }

    private static String hex(long v) {
        String s = Long.toHexString(v);
        return "0".repeat(16 - s.length()) + s;
    }
}
