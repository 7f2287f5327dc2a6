package dev.warren.common.internal;

import com.rabbitmq.client.LongString;
import java.util.Map;

/** Tolerant readers for AMQP header values: other clients send ints as int, long or text. */
public final class Headers {
    private Headers() {}

    /**
     * Whether the header is this ASCII value, read without making a {@code String} of the header (amqp-client
     * delivers strings as UTF-8 bytes).
     */
    public static boolean is(Map<String, Object> h, String key, String ascii) {
        Object v = h == null ? null : h.get(key);
        if (!(v instanceof LongString ls)) return v != null && ascii.equals(v.toString());
        byte[] b = ls.getBytes();
        if (b.length != ascii.length()) return false;
        for (int i = 0; i < b.length; i++) {
            if (b[i] != ascii.charAt(i)) return false;
        }
        return true;
    }

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
