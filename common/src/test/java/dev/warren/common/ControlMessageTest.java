package dev.warren.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.common.internal.ControlMessage;
import dev.warren.common.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The control messages of docs/protocol.md section 5: the golden samples are what the one codec reads and writes. */
class ControlMessageTest {
    private static final Map<String, String> GOLDEN = GoldenSamples.all();

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test void theGoldenCancelDecodesAndEncodesBackToTheSameJson() throws Exception {
        String golden = GOLDEN.get("control-cancel");
        ControlMessage m = ControlMessage.decode(utf8(golden)).orElseThrow();
        assertThat(m).isEqualTo(new ControlMessage.Cancel("0b6f1f5e-3c1a-4c55-9d27-6f1d2b1e8a01", 1795312830000L));
        assertThat(Json.MAPPER.readTree(m.encode())).isEqualTo(Json.MAPPER.readTree(golden));
        assertThat(Schemas.errors("control-message", Json.MAPPER.readTree(m.encode()))).isEmpty();
        assertThat(m.properties().getType()).isEqualTo("cancel");
        assertThat(m.properties().getDeliveryMode()).isEqualTo(1);
    }

    @Test void theGoldenInterruptingCancelDecodesAndEncodesBackToTheSameJson() throws Exception {
        String golden = GOLDEN.get("control-cancel-interrupt");
        ControlMessage m = ControlMessage.decode(utf8(golden)).orElseThrow();
        assertThat(m).isEqualTo(new ControlMessage.Cancel("0b6f1f5e-3c1a-4c55-9d27-6f1d2b1e8a01", 1795312830000L, true));
        assertThat(Json.MAPPER.readTree(m.encode())).isEqualTo(Json.MAPPER.readTree(golden));
        assertThat(Schemas.errors("control-message", Json.MAPPER.readTree(m.encode()))).isEmpty();
    }

    @Test void aCancelWithoutInterruptDoesNotSendTheFieldAndAFalseOneReadsAsAbsent() throws Exception {
        assertThat(new String(new ControlMessage.Cancel("t", 5, false).encode(), StandardCharsets.UTF_8))
                .doesNotContain("interrupt");
        ControlMessage.Cancel c = (ControlMessage.Cancel) ControlMessage.decode(
                utf8("{\"op\":\"cancel\",\"id\":\"t\",\"until\":5,\"interrupt\":false}")).orElseThrow();
        assertThat(c.interrupt()).isFalse();
        assertThat(Schemas.errors("control-message", Json.MAPPER.readTree("{\"op\":\"cancel\",\"id\":\"t\",\"until\":5,"
                + "\"interrupt\":\"yes\"}"))).isNotEmpty();
    }

    @Test void theGoldenCrashDecodesAndEncodesBackToTheSameJson() throws Exception {
        String golden = GOLDEN.get("control-crash");
        ControlMessage.Crash m = (ControlMessage.Crash) ControlMessage.decode(utf8(golden)).orElseThrow();
        assertThat(m.child()).isEqualTo("child-1");
        assertThat(m.exit()).isEqualTo(137);
        assertThat(m.signal()).isEqualTo("KILL");
        assertThat(Json.MAPPER.readTree(m.encode())).isEqualTo(Json.MAPPER.readTree(golden));
        assertThat(m.describe()).startsWith("child-1 (pid 4243), signal KILL; stderr tail:\n");
    }

    @Test void theStderrTailOfACrashDescriptionIsWhatFollowsTheSummary() throws Exception {
        ControlMessage.Crash m = (ControlMessage.Crash) ControlMessage.decode(utf8(GOLDEN.get("control-crash"))).orElseThrow();
        assertThat(ControlMessage.Crash.stderrTailOf("worker crashed 3 times running this task; last: " + m.describe()))
                .isEqualTo(m.stderr());
        assertThat(ControlMessage.Crash.stderrTailOf("worker crashed 3 times running this task")).isEmpty();
        assertThat(ControlMessage.Crash.stderrTailOf(null)).isEmpty();
    }

    @Test void aCrashWithoutExitOrSignalEncodesNullsTheSchemaAccepts() throws Exception {
        ControlMessage.Crash m = new ControlMessage.Crash("t-1", "child-2", 7, null, null, "hard-time-limit", "");
        assertThat(Schemas.errors("control-message", Json.MAPPER.readTree(m.encode()))).isEmpty();
        assertThat(m.describe()).isEqualTo("child-2 (pid 7) was killed by its supervisor at the hard time limit, exit code ?");
    }

    @Test void anUnknownOpIsIgnoredAndABrokenBodyIsRefused() {
        assertThat(ControlMessage.decode(utf8("{\"op\":\"pause\",\"id\":\"x\"}"))).isEmpty();
        assertThatThrownBy(() -> ControlMessage.decode(utf8("not json"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ControlMessage.decode(utf8("{\"op\":\"cancel\",\"until\":1}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no id");
    }
}
