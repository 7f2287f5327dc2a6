package dev.warren.producer;

import java.util.regex.Pattern;

/**
 * W3C trace context checks. warren never makes a trace up: a task carries the caller's {@code traceparent} (or
 * one its OpenTelemetry span derives), or none, so the caller's sampling decision is the only one that travels.
 */
final class Trace {
    private Trace() {}

    private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    /** A version-00 {@code traceparent} with non-zero trace and parent ids (W3C Trace Context, section 3.2). */
    static boolean valid(String traceparent) {
        return traceparent != null && TRACEPARENT.matcher(traceparent).matches()
                && !traceparent.startsWith("00-00000000000000000000000000000000")
                && !traceparent.startsWith("-0000000000000000-", 35);
    }
}
