package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.internal.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildLogEncoderTest {
    private static final Map<String, String> MDC = Map.of("child", "child-2", "pid", "4242");
    private static final String LINE = "{\"@timestamp\":\"2026-01-01T00:00:00.000Z\",\"log.level\":\"WARN\","
            + "\"message\":\"the broker nacked a message\",\"log.logger\":\"dev.warren.worker.child.Child\"";

    @Test
    void aChildLineWithoutItsIdsGetsTheChildAndPidOfTheRelayAndStaysOneValidObject() throws Exception {
        String out = ChildLogEncoder.passThrough(LINE + "}", MDC);

        assertThat(out).endsWith("}\n").doesNotContain("\\\"@timestamp");
        JsonNode n = Json.MAPPER.readTree(out);
        assertThat(n.path("child").asText()).isEqualTo("child-2");
        assertThat(n.path("pid").asText()).isEqualTo("4242");
        assertThat(n.path("message").asText()).isEqualTo("the broker nacked a message");
        assertThat(n.size()).isEqualTo(6);
    }

    @Test
    void aChildLineThatNamesItsChildAlreadyIsKeptAsItIsWithoutDuplicateFields() {
        String line = LINE + ",\"pid\":\"4242\",\"child\":\"child-2\"}";

        assertThat(ChildLogEncoder.passThrough(line, MDC)).isEqualTo(line + "\n");
    }

    @Test
    void onlyTheMissingIdIsAdded() throws Exception {
        String out = ChildLogEncoder.passThrough(LINE + ",\"child\":\"child-2\"}", MDC);

        assertThat(out).containsOnlyOnce("\"child\"").contains("\"pid\":\"4242\"");
        assertThat(Json.MAPPER.readTree(out).size()).isEqualTo(6);
    }

    @Test
    void anythingButOneJsonObjectWithATimestampIsLeftToTheOrdinaryEncoder() {
        assertThat(ChildLogEncoder.passThrough("OpenJDK 64-Bit Server VM warning: something", MDC)).isNull();
        assertThat(ChildLogEncoder.passThrough("{\"result\": 27}", MDC)).isNull();
        assertThat(ChildLogEncoder.passThrough(LINE + "} trailing", MDC)).isNull();
        assertThat(ChildLogEncoder.passThrough(LINE, MDC)).isNull(); // cut short
        assertThat(ChildLogEncoder.passThrough("[\"@timestamp\"]", MDC)).isNull();
        assertThat(ChildLogEncoder.passThrough(null, MDC)).isNull();
    }
}
