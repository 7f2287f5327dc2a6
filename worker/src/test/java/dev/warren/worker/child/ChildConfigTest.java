package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.common.Protocol;
import dev.warren.common.QueueType;
import dev.warren.common.internal.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a supervisor passes its children is checked again by the child, naming the field and its setting. */
class ChildConfigTest {
    private static ChildConfig with(int prefetch, int maxTasks, long maxMemory, long soft, int body, int attempts, long grace) {
        return new ChildConfig("child-1", "amqp://h", "q", QueueType.CLASSIC, prefetch, maxTasks, maxMemory, soft, body,
                attempts, null, List.of(), grace);
    }

    @Test void everyOutOfRangeValueNamesTheFieldTheSettingTheRangeAndTheValue() {
        Object[][] cases = {
                {(Runnable) () -> with(0, 0, 0, 0, 0, 0, 0), "prefetch (warren.prefetch) must be from 1 to 65535: 0"},
                {(Runnable) () -> with(70_000, 0, 0, 0, 0, 0, 0), "prefetch (warren.prefetch) must be from 1 to 65535: 70000"},
                {(Runnable) () -> with(1, -1, 0, 0, 0, 0, 0), "maxTasksPerChild (warren.max-tasks-per-child) must be at least 0: -1"},
                {(Runnable) () -> with(1, 0, -1, 0, 0, 0, 0), "maxMemoryMb (warren.max-memory-per-child) must be at least 0: -1"},
                {(Runnable) () -> with(1, 0, 0, -1, 0, 0, 0), "softTimeLimitMs (warren.soft-time-limit) must be at least 0: -1"},
                {(Runnable) () -> with(1, 0, 0, 0, -1, 0, 0), "maxBodyBytes (warren.max-body-bytes) must be from 0 to 134217728: -1"},
                {(Runnable) () -> with(1, 0, 0, 0, 0, -3, 0), "maxAttempts (warren.max-attempts) must be at least 0: -3"},
                {(Runnable) () -> with(1, 0, 0, 0, 0, 0, -1), "eofGraceMs must be at least 0: -1"},
        };
        for (Object[] c : cases) {
            assertThatThrownBy(((Runnable) c[0])::run).isInstanceOf(IllegalArgumentException.class).hasMessage((String) c[1]);
        }
    }

    @Test void zeroMeansTheDefaultWhereTheRecordSaysSo() {
        ChildConfig c = with(1, 0, 0, 0, 0, 0, 0);
        assertThat(c.maxBodyBytes()).isEqualTo(Protocol.DEFAULT_MAX_BODY_BYTES);
        assertThat(c.maxAttempts()).isEqualTo(Protocol.DEFAULT_MAX_ATTEMPTS);
        assertThat(c.eofGraceMs()).isEqualTo(5000);
    }

    @Test void theConfigurationLineRoundTripsThroughJson() throws Exception {
        ChildConfig c = with(4, 10, 512, 30_000, 1024, 5, 100);
        assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(c), ChildConfig.class)).isEqualTo(c);
    }
}
