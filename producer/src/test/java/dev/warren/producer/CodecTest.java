package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.TaskType;
import dev.warren.common.WarrenException;
import dev.warren.common.WorkerInfo;
import dev.warren.common.internal.Json;
import dev.warren.common.internal.ReplyEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plain strings and integers skip Jackson on the producer too: the same bytes out, the same values in. */
class CodecTest {
    private static ReplyEnvelope ok(String body) {
        return new ReplyEnvelope("t1", true, 1, new WorkerInfo("h", 7, "child-1", 1, 2), null, null, true,
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test void inputsAreTheBytesJacksonWrites() throws Exception {
        TaskType<Object, Object> any = TaskType.of("t", Object.class, Object.class);
        for (Object in : List.of("abc", "x".repeat(300_000), "a\"b", "a?b", "é", "\u0141", 42, -7L, 1.5, List.of(1, 2))) {
            assertThat(Codec.encode(any, in, false)).as(String.valueOf(in)).isEqualTo(Json.MAPPER.writeValueAsBytes(in));
        }
        assertThat(Codec.encode(TaskType.of("s", String.class, String.class), "abc", false))
                .isEqualTo("\"abc\"".getBytes(StandardCharsets.UTF_8));
        assertThat(Codec.encode(any, List.of("a", "b"), true)).isEqualTo("[\"a\",\"b\"]".getBytes(StandardCharsets.UTF_8));
    }

    @Test void outputsAreTheValuesJacksonBinds() {
        String big = "y".repeat(300_000);
        assertThat(Outputs.value(TaskType.of("s", String.class, String.class)).decode(ok("\"" + big + "\""))).isEqualTo(big);
        assertThat(Outputs.value(TaskType.of("s", String.class, String.class)).decode(ok("\"a\\nb\""))).isEqualTo("a\nb");
        assertThat(Outputs.value(TaskType.of("i", Integer.class, Integer.class)).decode(ok("27"))).isEqualTo(27);
        assertThat(Outputs.value(TaskType.of("o", Object.class, Object.class)).decode(ok("5000000000"))).isEqualTo(5_000_000_000L);
        assertThat(Outputs.value(TaskType.of("n", Object.class, JsonNode.class)).decode(ok("\"z\"")).textValue()).isEqualTo("z");
        assertThat(Outputs.chunk(TaskType.of("c", Integer.class, Integer.class), 2).decode(ok("[1,8]"))).containsExactly(1, 8);
    }

    @Test void anOutputOfTheWrongShapeStillFailsAsJacksonFailsIt() {
        assertThatThrownBy(() -> Outputs.value(TaskType.of("i", Integer.class, Integer.class)).decode(ok("\"abc\"")))
                .isInstanceOf(WarrenException.class).hasMessageContaining("cannot decode the output of task i");
        assertThatThrownBy(() -> Outputs.value(TaskType.of("i", Integer.class, Integer.class)).decode(ok("2147483648")))
                .isInstanceOf(WarrenException.class);
    }
}
