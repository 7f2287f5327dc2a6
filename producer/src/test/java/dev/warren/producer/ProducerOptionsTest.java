package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.common.BrokerSettings;
import dev.warren.common.Protocol;
import dev.warren.common.QueueType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProducerOptionsTest {
    private static ProducerOptions.Builder noEnv() { return ProducerOptions.builder().environment(Map.of()); }

    @Test void defaultsAreTheDocumentedConstants() {
        ProducerOptions o = noEnv().build();
        assertThat(o.broker().maskedUri()).isEqualTo(BrokerSettings.mask(BrokerSettings.DEFAULT_URI));
        assertThat(o.queue()).isEqualTo(Protocol.DEFAULT_QUEUE);
        assertThat(o.queueType()).isEqualTo(QueueType.QUORUM);
        assertThat(o.defaultTimeout()).isEmpty();
        assertThat(o.maxInFlight()).isEqualTo(ProducerOptions.DEFAULT_MAX_IN_FLIGHT).isEqualTo(1000);
        assertThat(o.maxBodyBytes()).isEqualTo(Protocol.DEFAULT_MAX_BODY_BYTES);
        assertThat(o.persistent()).isTrue();
        assertThat(o.replyQueueExpiry()).isEqualTo(Duration.ofMinutes(30));
        assertThat(o.brokerLossTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.completionExecutor()).isEmpty();
        assertThat(o.traceContext()).isEmpty();
        assertThat(o.declareTopology()).isTrue();
    }

    @Test void defaultClientIdIsHostPidAndRandomHexAndNamesTheReplyQueue() {
        ProducerOptions o = noEnv().build();
        assertThat(o.clientId()).matches(".+-" + ProcessHandle.current().pid() + "-[0-9a-f]{8}");
        assertThat(o.replyQueue()).isEqualTo(Protocol.REPLY_PREFIX + o.clientId());
        assertThat(noEnv().build().clientId()).isNotEqualTo(o.clientId());
    }

    @Test void brokerAndQueueDefaultToTheEnvironment() {
        ProducerOptions o = ProducerOptions.builder()
                .environment(Map.of("WARREN_BROKER_URI", "amqp://u:secret@rabbit:5673/v", "WARREN_QUEUE", "jobs"))
                .build();
        assertThat(o.broker().maskedUri()).isEqualTo("amqp://u:****@rabbit:5673/v");
        assertThat(o.queue()).isEqualTo("jobs");
        assertThat(o.toString()).doesNotContain("secret");
    }

    @Test void explicitValuesWinOverTheEnvironment() {
        ProducerOptions o = ProducerOptions.builder().environment(Map.of("WARREN_QUEUE", "jobs"))
                .queue("mine").uri("amqp://a:b@h/").clientId("svc-1").build();
        assertThat(o.queue()).isEqualTo("mine");
        assertThat(o.replyQueue()).isEqualTo("warren.reply.svc-1");
    }

    @Test void everyBadValueIsAnIllegalArgumentNamingTheOptionTheValueAndTheAllowedRange() {
        Object[][] cases = {
                {(Runnable) () -> noEnv().maxInFlight(0).build(), "maxInFlight must be at least 1: 0"},
                {(Runnable) () -> noEnv().maxBodyBytes(-5).build(), "maxBodyBytes must be at least 1: -5"},
                {(Runnable) () -> noEnv().defaultTimeout(Duration.ZERO).build(), "defaultTimeout must be positive: PT0S"},
                {(Runnable) () -> noEnv().brokerLossTimeout(Duration.ofSeconds(-1)).build(), "brokerLossTimeout must be positive: PT-1S"},
                {(Runnable) () -> noEnv().replyQueueExpiry(Duration.ofMillis(10)).build(), "replyQueueExpiry must be at least 1 s: PT0.01S"},
                {(Runnable) () -> noEnv().clientId("has space").build(), "clientId must be 1..200 of [A-Za-z0-9._:-]: has space"},
                {(Runnable) () -> noEnv().queue("amq.x").build(), "queue must be 1..200 characters and not start with amq.: amq.x"},
                {(Runnable) () -> ProducerOptions.builder().environment(Map.of("WARREN_QUEUE", "amq.x")).build(),
                        "WARREN_QUEUE: queue must be 1..200 characters and not start with amq.: amq.x"},
                {(Runnable) () -> ProducerOptions.builder().environment(Map.of("WARREN_REPLY_QUEUE_TYPE", "fast")).build(),
                        "WARREN_REPLY_QUEUE_TYPE: queue type must be quorum or classic: fast"},
                {(Runnable) () -> MapOptions.builder().chunksize(0).build(), "chunksize must be at least 1: 0"},
                {(Runnable) () -> MapOptions.builder().maxInFlight(-1).build(), "maxInFlight must be at least 1: -1"},
                {(Runnable) () -> MapOptions.builder().timeout(Duration.ZERO).build(), "timeout must be positive: PT0S"},
                {(Runnable) () -> MapOptions.builder().taskTimeout(Duration.ofSeconds(-2)).build(), "taskTimeout must be positive: PT-2S"},
        };
        for (Object[] c : cases) {
            assertThatThrownBy(((Runnable) c[0])::run).isInstanceOf(IllegalArgumentException.class).hasMessage((String) c[1]);
        }
    }

    @Test void invalidValuesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> noEnv().maxInFlight(0).build()).hasMessageContaining("maxInFlight");
        assertThatThrownBy(() -> noEnv().maxBodyBytes(0).build()).hasMessageContaining("maxBodyBytes");
        assertThatThrownBy(() -> noEnv().defaultTimeout(Duration.ZERO).build()).hasMessageContaining("defaultTimeout");
        assertThatThrownBy(() -> noEnv().brokerLossTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("brokerLossTimeout");
        assertThatThrownBy(() -> noEnv().replyQueueExpiry(Duration.ofMillis(10)).build())
                .hasMessageContaining("replyQueueExpiry");
        assertThatThrownBy(() -> noEnv().clientId("has space").build()).hasMessageContaining("clientId");
        assertThatThrownBy(() -> noEnv().queue("amq.reserved").build()).hasMessageContaining("queue");
        assertThatThrownBy(() -> noEnv().queue("q".repeat(201)).build()).hasMessageContaining("queue");
    }

    @Test void mapOptionsValidateChunksizeInFlightAndTimeout() {
        assertThat(MapOptions.DEFAULTS.chunksize()).isEmpty(); // adaptive
        assertThat(MapOptions.DEFAULTS.maxInFlight()).isEmpty();
        assertThat(MapOptions.builder().chunksize(10).maxInFlight(5).build().maxInFlight()).contains(5);
        assertThatThrownBy(() -> MapOptions.builder().chunksize(0).build()).hasMessageContaining("chunksize");
        assertThatThrownBy(() -> MapOptions.builder().maxInFlight(0).build()).hasMessageContaining("maxInFlight");
        assertThatThrownBy(() -> MapOptions.builder().timeout(Duration.ZERO).build()).hasMessageContaining("timeout");
        assertThatThrownBy(() -> MapOptions.builder().taskTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("taskTimeout");
        assertThat(MapOptions.DEFAULTS.timeout()).isEmpty();
        assertThat(MapOptions.DEFAULTS.taskTimeout()).isEmpty();
    }

    @Test void theReplyQueueIsReplicatedWhenTheBrokerIsAClusterOfSeveralNodes() {
        assertThat(noEnv().build().replyQueueType()).isEqualTo(QueueType.CLASSIC);
        assertThat(noEnv().uri("amqp://u:p@h1:5720,h2:5721/%2F").build().replyQueueType()).isEqualTo(QueueType.QUORUM);
        assertThat(ProducerOptions.builder().environment(Map.of("WARREN_BROKER_ADDRESSES", "h1,h2,h3")).build()
                .replyQueueType()).isEqualTo(QueueType.QUORUM);
    }

    @Test void theReplyQueueTypeCanBeChosenExplicitlyOrFromTheEnvironment() {
        // one DNS name in front of a whole cluster: the environment says so
        assertThat(ProducerOptions.builder().environment(Map.of("WARREN_REPLY_QUEUE_TYPE", "quorum")).build()
                .replyQueueType()).isEqualTo(QueueType.QUORUM);
        assertThat(noEnv().uri("amqp://u:p@h1,h2/%2F").replyQueueType(QueueType.CLASSIC).build().replyQueueType())
                .isEqualTo(QueueType.CLASSIC);
        assertThatThrownBy(() -> ProducerOptions.builder().environment(Map.of("WARREN_REPLY_QUEUE_TYPE", "mirrored")).build())
                .hasMessageContaining("WARREN_REPLY_QUEUE_TYPE");
    }
}
