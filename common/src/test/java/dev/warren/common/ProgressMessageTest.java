package dev.warren.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import dev.warren.common.internal.Json;
import dev.warren.common.internal.ProgressMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Progress messages of docs/protocol.md section 3.6: the golden sample is what the codec writes and reads. */
class ProgressMessageTest {
    private static final String ID = "0b6f1f5e-3c1a-4c55-9d27-6f1d2b1e8a01";

    @Test void theGoldenProgressIsWhatTheCodecWritesAndItReadsItBack() throws Exception {
        JsonNode golden = Json.MAPPER.readTree(GoldenSamples.all().get("reply-progress"));
        ProgressMessage m = new ProgressMessage(ID, 1, 3, 10, "counting down");
        AMQP.BasicProperties p = m.toProperties();
        ObjectNode wire = Json.MAPPER.createObjectNode();
        wire.putObject("properties").put("correlation_id", p.getCorrelationId()).put("content_type", p.getContentType())
                .put("delivery_mode", p.getDeliveryMode());
        ObjectNode h = wire.putObject("headers");
        p.getHeaders().forEach((k, v) -> h.set(k, Json.MAPPER.valueToTree(v)));
        wire.set("body", Json.MAPPER.readTree(m.body()));
        assertThat(wire).isEqualTo(golden);
        assertThat(Schemas.errors("reply-envelope", wire)).isEmpty();
        assertThat(ProgressMessage.is(p)).isTrue();
        assertThat(ProgressMessage.decode(p, m.body())).isEqualTo(m);
    }

    @Test void aMessageIsOptionalAndAReplyIsNoProgress() {
        ProgressMessage m = new ProgressMessage(ID, 2, 0, 0, null);
        assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("{\"done\":0,\"total\":0}");
        assertThat(ProgressMessage.decode(m.toProperties(), m.body()).message()).isNull();
        assertThat(ProgressMessage.is(new AMQP.BasicProperties.Builder().headers(Map.of(Protocol.H_STATUS, "ok")).build()))
                .isFalse();
    }

    @Test void aBrokenBodyOrNegativeCountIsRefused() {
        AMQP.BasicProperties p = new ProgressMessage(ID, 1, 1, 2, null).toProperties();
        assertThatThrownBy(() -> ProgressMessage.decode(p, "{\"done\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProgressMessage(ID, 1, -1, 2, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test void onlyAProgressHeaderThatIsNotZeroOrFalseAsksForProgress() {
        assertThat(ProgressMessage.wanted(Map.of(Protocol.H_PROGRESS, 1))).isTrue();
        assertThat(ProgressMessage.wanted(Map.of(Protocol.H_PROGRESS, "0"))).isFalse();
        assertThat(ProgressMessage.wanted(Map.of(Protocol.H_PROGRESS, false))).isFalse();
        assertThat(ProgressMessage.wanted(Map.of())).isFalse();
        assertThat(ProgressMessage.wanted(null)).isFalse();
    }
}
