package dev.warren.common.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shortcut must bind what Jackson binds and write what Jackson writes, and leave everything else to Jackson. */
class ScalarJsonTest {
    static final List<Type> TYPES = List.of(Integer.class, Long.class, String.class, JsonNode.class, Object.class);
    static final List<String> BODIES = List.of("0", "-0", "7", "-42", "2147483647", "2147483648", "-2147483648",
            "-2147483649", "123456789012345678", "1234567890123456789", "01", "-", "1.5", "1e3", " 1", "1 ", "+1",
            "\"\"", "\"abc\"", "\"a b~\"", "\"a\\\"b\"", "\"a\\nb\"", "\"é\"", "\"x", "\"abc\" ", "\"\u007f\"", "\"a\"\"",
            "null", "true", "[1]", "{}", "");

    @Test void whatTheShortcutReadsIsWhatJacksonBinds() throws Exception {
        int shortcuts = 0;
        for (Type t : TYPES) {
            for (String body : BODIES) {
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                Object fast = ScalarJson.read(b, ScalarJson.Kind.of(t));
                if (fast == ScalarJson.NOT_SCALAR) continue;
                shortcuts++;
                Object jackson = Json.MAPPER.readerFor(Json.type(t)).readValue(b);
                assertThat(fast).as(body + " as " + t).isEqualTo(jackson).hasSameClassAs(jackson);
            }
        }
        assertThat(shortcuts).isGreaterThan(20);
    }

    @Test void bodiesItDoesNotReadGoToJackson() {
        for (String body : List.of(" 1", "1 ", "01", "1.5", "\"a\\nb\"", "\"é\"", "\"abc\" ", "null", "")) {
            assertThat(ScalarJson.read(body.getBytes(StandardCharsets.UTF_8), ScalarJson.Kind.OBJECT)).as(body)
                    .isSameAs(ScalarJson.NOT_SCALAR);
        }
        assertThat(ScalarJson.read("2147483648".getBytes(StandardCharsets.UTF_8), ScalarJson.Kind.INT)).isSameAs(ScalarJson.NOT_SCALAR);
        assertThat(ScalarJson.read("\"1\"".getBytes(StandardCharsets.UTF_8), ScalarJson.Kind.INT)).isSameAs(ScalarJson.NOT_SCALAR);
        assertThat(ScalarJson.read("1".getBytes(StandardCharsets.UTF_8), ScalarJson.Kind.STRING)).isSameAs(ScalarJson.NOT_SCALAR);
        assertThat(ScalarJson.read("\"a\"".getBytes(StandardCharsets.UTF_8), ScalarJson.Kind.of(List.class)))
                .isSameAs(ScalarJson.NOT_SCALAR);
    }

    @Test void whatTheShortcutWritesIsWhatJacksonWrites() throws Exception {
        List<Object> outputs = List.of(0, -7, Integer.MAX_VALUE, Long.MIN_VALUE, "", "abc", "x".repeat(300_000),
                TextNode.valueOf("a b"), IntNode.valueOf(-3), LongNode.valueOf(1L << 40));
        for (Object out : outputs) {
            assertThat(ScalarJson.write(out)).as(String.valueOf(out)).isEqualTo(Json.MAPPER.writeValueAsBytes(out));
        }
    }

    /** Every byte value at every offset of the eight-byte words and of the tail: read only what means itself. */
    @Test void eachByteIsJudgedAloneWhereverItFallsInTheWordAtATimeScan() {
        for (int v = 0; v < 256; v++) {
            boolean plain = v >= 0x20 && v <= 0x7e && v != '"' && v != '\\';
            for (int at = 0; at < 19; at++) {
                byte[] body = ("\"" + "a".repeat(19) + "\"").getBytes(StandardCharsets.ISO_8859_1);
                body[1 + at] = (byte) v;
                Object read = ScalarJson.read(body, ScalarJson.Kind.STRING);
                assertThat(read != ScalarJson.NOT_SCALAR).as("byte 0x%02x at %d", v, at).isEqualTo(plain);
                if (plain) assertThat(read).isEqualTo(new String(body, 1, 19, StandardCharsets.ISO_8859_1));
            }
        }
    }

    /** Words with several odd bytes (carries and borrows between them): the same verdict as a byte-by-byte check. */
    @Test void randomBodiesGetTheVerdictOfAByteByByteCheck() {
        java.util.Random rnd = new java.util.Random(13);
        for (int k = 0; k < 200_000; k++) {
            byte[] body = new byte[2 + rnd.nextInt(40)];
            body[0] = '"';
            body[body.length - 1] = '"';
            boolean plain = true;
            for (int j = 1; j < body.length - 1; j++) {
                int v = rnd.nextInt(8) == 0 ? rnd.nextInt(256) : 0x20 + rnd.nextInt(0x5f);
                body[j] = (byte) v;
                plain &= v >= 0x20 && v <= 0x7e && v != '"' && v != '\\';
            }
            assertThat(ScalarJson.read(body, ScalarJson.Kind.STRING) != ScalarJson.NOT_SCALAR).isEqualTo(plain);
        }
    }

    /** A char above 0xFF turns into '?' in the one-copy scan; its low byte may look plain ('\u0141' ends in 'A'). */
    @Test void writesWhatJacksonWritesOrNothingForCharsBeyondLatin1AndForQuestionMarks() throws Exception {
        String pad = "p".repeat(5000); // past the first chunk, which is checked char by char
        for (String s : List.of("a?b", "?", pad + "?", pad + "?" + pad, "\u0141", "p".repeat(21) + "\u0141",
                pad + "\u0141", pad + "\u0122" + pad, "\u0122" + pad, "\uD83D\uDE00" + pad, pad + "\uD83D\uDE00",
                pad + "\u00e9", "\u00ff" + pad, pad + "\u007f" + pad)) {
            byte[] fast = ScalarJson.write(s);
            boolean plain = s.chars().allMatch(c -> c >= 0x20 && c <= 0x7e && c != '"' && c != '\\');
            assertThat(fast != null).as(s).isEqualTo(plain);
            if (plain) assertThat(fast).as(s).isEqualTo(Json.MAPPER.writeValueAsBytes(s));
        }
    }

    @Test void outputsItDoesNotWriteGoToJackson() {
        for (Object out : List.of("a\"b", "a\\b", "a\nb", "é", "\u007f", TextNode.valueOf("\t"), 1.5, List.of(1))) {
            assertThat(ScalarJson.write(out)).as(String.valueOf(out)).isNull();
        }
    }
}
