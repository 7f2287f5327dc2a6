package dev.warren.common.internal;

import java.util.Map;

/** Tolerant readers for AMQP header values: other clients send ints as int, long or text. */
public final class Headers {
    private Headers() {}

    /** The header as a string, or null when absent. */
    public static String string(Map<String, Object> h, String key) {
        Object v = h == null ? null : h.get(key);
        return v == null ? null : v.toString();
    }

    /**
     * The header as a long; {@code dflt} when absent.
     *
     * @throws NumberFormatException when present but not a number
     */
    public static long number(Map<String, Object> h, String key, long dflt) {
        Object v = h == null ? null : h.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.longValue();
        return Long.parseLong(v.toString().trim());
    }
}
