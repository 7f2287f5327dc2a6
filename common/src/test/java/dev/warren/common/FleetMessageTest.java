package dev.warren.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.common.internal.Announcement;
import dev.warren.common.internal.FleetMessage;
import dev.warren.common.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fleet messages of docs/protocol.md section 13: the golden samples are what the one codec reads and writes. */
class FleetMessageTest {
    private static final Map<String, String> GOLDEN = GoldenSamples.all();

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test void theGoldenAnnouncementDecodesAndEncodesBackToTheSameJson() throws Exception {
        String golden = GOLDEN.get("announcement-running");
        Announcement a = (Announcement) FleetMessage.decode(utf8(golden)).orElseThrow();
        assertThat(a.supervisor()).isEqualTo("worker-6d9f8-x2x7q-1");
        assertThat(a.children()).extracting(Announcement.Child::id).containsExactly("child-3", "child-2");
        assertThat(a.children().get(0).task().name()).isEqualTo("cube");
        assertThat(a.children().get(1).task()).isNull();
        assertThat(a.running()).isEqualTo(1);
        assertThat(a.spares()).isZero();
        assertThat(a.crashes().get(0).signal()).isEqualTo("KILL");
        assertThat(Json.MAPPER.readTree(a.encode())).isEqualTo(Json.MAPPER.readTree(golden));
        assertThat(a.properties().getType()).isEqualTo("announce");
        assertThat(a.properties().getDeliveryMode()).isEqualTo(1);
        assertThat(a.properties().getExpiration()).as("Qpid reads an expiration as an absolute time").isNull();
    }

    @Test void theGoldenHelloDecodesAndEncodesBackToTheSameJson() throws Exception {
        String golden = GOLDEN.get("announcement-hello");
        FleetMessage m = FleetMessage.decode(utf8(golden)).orElseThrow();
        assertThat(m).isEqualTo(new FleetMessage.Hello("warren-status@laptop"));
        assertThat(Json.MAPPER.readTree(m.encode())).isEqualTo(Json.MAPPER.readTree(golden));
    }

    @Test void aMinimalAnnouncementEncodesWhatTheSchemaAccepts() throws Exception {
        Announcement a = new Announcement("s-1", "h", 7, "dev", "q", "connecting", 1, 2, 2000, null, 2, 1,
                null, null, null, null, null, null, null, null);
        JsonNode wire = Json.MAPPER.readTree(a.encode());
        assertThat(Schemas.errors("announcement", wire)).isEmpty();
        assertThat(wire.get("children").isArray()).isTrue();
        assertThat(wire.get("httpPort").isNull()).isTrue();
    }

    @Test void aChildWithoutMemoryOrTaskEncodesNullsTheSchemaAccepts() throws Exception {
        Announcement a = new Announcement("s-1", "h", 7, "dev", "q", "stopped", 1, 2, 2000, 8080, 1, 1,
                List.of(new Announcement.Child("child-1", 9, 0, "draining", 5, 0, 0, 0, null, null)), null, null, null,
                List.of(new Announcement.Crash(3, "child-0", 8, 1, null, "crash", null, null, "")), null, null, 0);
        assertThat(Schemas.errors("announcement", Json.MAPPER.readTree(a.encode()))).isEmpty();
    }

    @Test void readersIgnoreUnknownFieldsAndOpsAndDefaultWhatIsMissing() throws Exception {
        ObjectNode newer = (ObjectNode) Json.MAPPER.readTree(GOLDEN.get("announcement-running"));
        newer.put("gpu", "A100");
        ((ObjectNode) newer.get("children").get(0)).put("threads", 12);
        newer.remove("history");
        newer.remove("httpPort");
        Announcement a = (Announcement) FleetMessage.decode(Json.MAPPER.writeValueAsBytes(newer)).orElseThrow();
        assertThat(a.history()).isEmpty();
        assertThat(a.httpPort()).isNull();
        assertThat(a.children()).hasSize(2);
        assertThat(FleetMessage.decode(utf8("{\"op\":\"reboot\"}"))).isEmpty();
    }

    @Test void anAnnouncementWithoutSparesCountsTheChildrenInSlotMinusOneAndEncodesNoSpares() throws Exception {
        ObjectNode older = (ObjectNode) Json.MAPPER.readTree(GOLDEN.get("announcement-running"));
        older.remove("spares");
        ((ObjectNode) older.get("children").get(1)).put("slot", Announcement.SPARE_SLOT);
        Announcement a = (Announcement) FleetMessage.decode(Json.MAPPER.writeValueAsBytes(older)).orElseThrow();
        assertThat(a.spares()).isNull();
        assertThat(a.spareCount()).isEqualTo(1);
        assertThat(a.slotChildren()).isEqualTo(1);
        JsonNode wire = Json.MAPPER.readTree(a.encode());
        assertThat(wire.has("spares")).as("an absent optional field stays absent").isFalse();
        assertThat(Schemas.errors("announcement", wire)).isEmpty();
    }

    @Test void anAnnouncedSpareCountIsTakenAsSent() throws Exception {
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree(GOLDEN.get("announcement-running"));
        node.put("spares", 2);
        Announcement a = (Announcement) FleetMessage.decode(Json.MAPPER.writeValueAsBytes(node)).orElseThrow();
        assertThat(a.spareCount()).isEqualTo(2);
        assertThat(a.slotChildren()).isZero();
    }

    @Test void aBrokenBodyOrAnAnnouncementWithoutNameIsRefused() {
        assertThatThrownBy(() -> FleetMessage.decode(utf8("not json"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FleetMessage.decode(utf8("[1]"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FleetMessage.decode(utf8("{\"op\":\"announce\",\"pid\":1}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no supervisor name");
        assertThatThrownBy(() -> FleetMessage.decode(utf8("{\"op\":\"announce\",\"supervisor\":\"s\",\"children\":3}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test void theSchemaRefusesAnUnknownStateAndAChildWithoutId() throws Exception {
        ObjectNode bad = (ObjectNode) Json.MAPPER.readTree(GOLDEN.get("announcement-running"));
        bad.put("state", "sleeping");
        assertThat(Schemas.errors("announcement", bad)).isNotEmpty();
        ObjectNode noId = (ObjectNode) Json.MAPPER.readTree(GOLDEN.get("announcement-running"));
        ((ObjectNode) noId.get("children").get(0)).remove("id");
        assertThat(Schemas.errors("announcement", noId)).isNotEmpty();
    }
}
