package dev.warren.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.internal.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The body mapper binds untrusted JSON strictly and only to the declared type. */
class JsonTest {
    record Point(int x, int y) {}

    @Test
    void aStringIsNotCoercedToANumberOrABoolean() {
        assertThatThrownBy(() -> Json.MAPPER.readValue("\"3\"", Integer.class)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> Json.MAPPER.readValue("{\"x\":\"1\",\"y\":2}", Point.class))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> Json.MAPPER.readValue("\"3\"", Long.class)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> Json.MAPPER.readValue("\"true\"", Boolean.class)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> Json.MAPPER.readValue("1", Boolean.class)).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void aNumberIsNotCoercedToAStringNorAFractionTruncatedToAnInteger() {
        assertThatThrownBy(() -> Json.MAPPER.readValue("3", String.class)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> Json.MAPPER.readValue("3.5", Integer.class)).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void nullForAPrimitiveFieldIsRefused() {
        assertThatThrownBy(() -> Json.MAPPER.readValue("{\"x\":null,\"y\":2}", Point.class))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void typeHintsInTheInputAreIgnoredNotInstantiated() throws Exception {
        Object o = Json.MAPPER.readValue("[\"java.net.URL\",\"http://example.invalid/\"]", Object.class);
        assertThat(o).isInstanceOf(List.class);
        Object m = Json.MAPPER.readValue("{\"@class\":\"java.lang.ProcessBuilder\",\"command\":[\"id\"]}", Object.class);
        assertThat(m).isInstanceOf(Map.class);
        assertThatThrownBy(() -> Json.MAPPER.readValue("{\"@class\":\"x\",\"x\":1,\"y\":2}", Point.class))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void duplicateKeysAreRefusedForTreesAndRecords() {
        assertThatThrownBy(() -> Json.MAPPER.readTree("{\"a\":1,\"a\":2}")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> Json.MAPPER.readValue("{\"x\":1,\"x\":2,\"y\":3}", Point.class))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void trailingTokensAreRefused() {
        assertThatThrownBy(() -> Json.MAPPER.readValue("3 4", Integer.class)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> Json.MAPPER.readValue("{} x", JsonNode.class)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> Json.MAPPER.readValue("[1]]", List.class)).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void nestingDeeperThan256LevelsIsRefusedAndShallowerIsAccepted() throws Exception {
        assertThat(Json.MAPPER.readTree("[".repeat(200) + "]".repeat(200)).isArray()).isTrue();
        assertThatThrownBy(() -> Json.MAPPER.readTree("[".repeat(300) + "]".repeat(300)))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> Json.MAPPER.readValue("[".repeat(10_000), Object.class))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void numbersLongerThanAThousandDigitsAreRefused() {
        assertThatThrownBy(() -> Json.MAPPER.readTree("1".repeat(1001))).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void aTaskErrorRoundTripsAsExactlyTheFiveDocumentedFields() throws Exception {
        TaskError e = new TaskError("java.lang.IllegalStateException", "boom", "trace", 2, true);
        JsonNode tree = Json.MAPPER.valueToTree(e);
        assertThat(tree.fieldNames()).toIterable().containsExactlyInAnyOrder("type", "message", "stack", "attempts", "retryable");
        assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(e), TaskError.class)).isEqualTo(e);
        assertThat(Schemas.errors("task-error", tree)).isEmpty();
    }
}
