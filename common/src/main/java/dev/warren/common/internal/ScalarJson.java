package dev.warren.common.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Type;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The two shapes most task bodies have, read and written without Jackson: a root integer ({@code 42}) and a
 * root string of printable ASCII that needs no escape ({@code "abc"}). Jackson's parser and generator cost
 * more to set up than such a body costs to scan, and a big string goes through its char buffers several
 * times (the child runs on C1, where those loops are slow); here a string is one scan and one copy each way.
 * Only what Jackson would bind to the same value, and write to the same bytes, takes this path; anything
 * else (whitespace, escapes, non-ASCII, a sign or digits it might refuse, another type) gets
 * {@link #NOT_SCALAR} and goes to Jackson, which also classifies every refusal. The child binds task inputs and
 * writes outputs with it; the producer writes inputs and reads outputs with it.
 */
public final class ScalarJson {
    /** The body is not one of the shapes read here: bind it with Jackson. */
    public static final Object NOT_SCALAR = new Object();

    /** What a declared input type can take from here. */
    public enum Kind {
        INT, LONG, STRING, NODE, OBJECT, NONE;

        public static Kind of(Type t) {
            if (t == Integer.class) return INT;
            if (t == Long.class) return LONG;
            if (t == String.class) return STRING;
            if (t == JsonNode.class) return NODE;
            if (t == Object.class) return OBJECT;
            return NONE;
        }
    }

    private static final int CHUNK = 4096;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    private static final long SPACES = ' ' * ONES;
    private static final long QUOTE = '"' * ONES;
    private static final long BACKSLASH = '\\' * ONES;
    private static final long QUESTION = '?' * ONES;
    private static final int MAX_STRING = Json.MAPPER.getFactory().streamReadConstraints().getMaxStringLength();

    private ScalarJson() {}

    /** The body read as {@code kind}, or {@link #NOT_SCALAR}. */
    public static Object read(byte[] body, Kind kind) {
        if (kind == Kind.NONE || body == null || body.length == 0) return NOT_SCALAR;
        int n = body.length;
        byte first = body[0];
        if (first == '"') {
            if (kind == Kind.INT || kind == Kind.LONG || n < 2 || body[n - 1] != '"' || n - 2 > MAX_STRING
                    || !plain(body, 1, n - 1)) {
                return NOT_SCALAR;
            }
            String s = new String(body, 1, n - 2, StandardCharsets.ISO_8859_1); // ASCII: one copy
            return kind == Kind.NODE ? TextNode.valueOf(s) : s;
        }
        if (kind == Kind.STRING) return NOT_SCALAR;
        // an integer: an optional minus, no leading zero, at most 18 digits (never overflows a long)
        int i = first == '-' ? 1 : 0;
        if (n - i < 1 || n - i > 18 || (body[i] == '0' && n - i > 1)) return NOT_SCALAR;
        long v = 0;
        for (; i < n; i++) {
            int d = body[i] - '0';
            if (d < 0 || d > 9) return NOT_SCALAR;
            v = v * 10 + d;
        }
        if (first == '-') v = -v;
        boolean isInt = v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
        return switch (kind) {
            case INT -> isInt ? Integer.valueOf((int) v) : NOT_SCALAR; // Jackson refuses what overflows
            case LONG -> Long.valueOf(v);
            case NODE -> isInt ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
            case OBJECT -> isInt ? (Object) Integer.valueOf((int) v) : Long.valueOf(v);
            default -> NOT_SCALAR;
        };
    }

    /** The output as Jackson would write it, or null when it is not a shape written here. */
    public static byte[] write(Object out) {
        if (out instanceof String s) return string(s);
        if (out instanceof Integer || out instanceof Long) return out.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (out instanceof TextNode t) return string(t.textValue());
        if (out instanceof IntNode || out instanceof LongNode) {
            return Long.toString(((JsonNode) out).longValue()).getBytes(StandardCharsets.ISO_8859_1);
        }
        return null;
    }

    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): for ASCII, exactly the copy wanted
    private static byte[] string(String s) {
        int n = s.length();
        int head = Math.min(n, CHUNK);
        if (!plainChars(s, 0, head)) return null; // text that is not plain mostly shows it early: no copy made
        byte[] b = new byte[n + 2];
        if (n == head) {
            s.getBytes(0, n, b, 1); // all checked: the chars are ASCII, their low bytes are their UTF-8
        } else {
            // the rest from one copy: LATIN1 bytes are an array copy, and a char above 0xFF becomes '?', so bytes
            // without '?' that are all plain are exactly the string's chars (a rest with a '?' is checked char by char)
            byte[] latin1 = s.getBytes(StandardCharsets.ISO_8859_1);
            if (latin1.length != n || !plain(latin1, head, n, QUESTION) && !plainChars(s, head, n)) return null;
            System.arraycopy(latin1, 0, b, 1, n);
        }
        b[0] = '"';
        b[n + 1] = '"';
        return b;
    }

    /** Chars {@code [from, to)} are printable ASCII, no quote, no backslash. */
    private static boolean plainChars(String s, int from, int to) {
        char[] chunk = new char[Math.min(to - from, CHUNK)]; // a chunk at a time: on C1 a charAt per char costs a call
        for (int at = from; at < to; at += CHUNK) {
            int m = Math.min(CHUNK, to - at);
            s.getChars(at, at + m, chunk, 0);
            for (int i = 0; i < m; i++) {
                char c = chunk[i];
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
            }
        }
        return true;
    }

    /** Printable ASCII with no quote and no backslash: a JSON string's content that means itself. */
    private static boolean plain(byte[] b, int from, int to) { return plain(b, from, to, QUOTE); }

    /**
     * {@link #plain(byte[], int, int)}, and without the byte repeated in {@code also} (eight copies of it) either.
     * Eight bytes at a time as one long (the child runs on C1, which compiles a loop per byte as it is written).
     * In a word of plain bytes no term below sets a byte's high bit: the byte itself (≥ 0x80), +1 (0x7F), −0x20
     * (below 0x20), and −1 after XOR with '"', '\\' or {@code also} (equal to it). Carries and borrows cross into
     * the next byte only out of a byte that is not plain, and the lowest such byte sets its own high bit.
     */
    private static boolean plain(byte[] b, int from, int to, long also) {
        int i = from;
        for (int end = to - Long.BYTES; i <= end; i += Long.BYTES) {
            long w = (long) LONGS.get(b, i);
            if (((w | (w + ONES) | (w - SPACES) | ((w ^ QUOTE) - ONES) | ((w ^ BACKSLASH) - ONES) | ((w ^ also) - ONES))
                    & HIGH) != 0) {
                return false;
            }
        }
        byte extra = (byte) also;
        for (; i < to; i++) {
            byte c = b[i];
            // bytes >= 0x80 are negative
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c == extra) return false;
        }
        return true;
    }
}
