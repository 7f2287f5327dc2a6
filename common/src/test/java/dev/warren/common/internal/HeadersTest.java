package dev.warren.common.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.impl.LongStringHelper;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadersTest {
    @Test void isComparesAHeaderWithAnAsciiValueWhateverTypeItArrivedAs() {
        Map<String, Object> h = new HashMap<>();
        h.put("wire", LongStringHelper.asLongString("ok"));
        h.put("longer", LongStringHelper.asLongString("okay"));
        h.put("utf8", LongStringHelper.asLongString("\u00f6k"));
        h.put("plain", "ok");
        h.put("number", 1);

        assertThat(Headers.is(h, "wire", "ok")).isTrue();
        assertThat(Headers.is(h, "plain", "ok")).isTrue();
        assertThat(Headers.is(h, "number", "1")).isTrue();
        assertThat(Headers.is(h, "wire", "error")).isFalse();
        assertThat(Headers.is(h, "wire", "ko")).isFalse();
        assertThat(Headers.is(h, "longer", "ok")).isFalse();
        assertThat(Headers.is(h, "utf8", "ok")).isFalse();
        assertThat(Headers.is(h, "absent", "ok")).isFalse();
        assertThat(Headers.is(null, "wire", "ok")).isFalse();
    }
}
