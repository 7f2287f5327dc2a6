package dev.warren.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import dev.warren.common.internal.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a dead-lettered message says about itself, and what a replay of it looks like. */
class DeadLetterTest {
    private static AMQP.BasicProperties dead(Map<String, Object> extra) {
        Map<String, Object> h = new HashMap<>(Map.of(Protocol.H_PROTOCOL, 1, Protocol.H_ATTEMPT, 3,
                Protocol.H_DEAD_REASON, "warren.WorkerCrashed", Protocol.H_DEAD_DETAIL, "worker crashed 3 times",
                Protocol.H_DEAD_ATTEMPTS, 3, Protocol.H_ORIGINAL_QUEUE, "q", Protocol.H_LAST_ERROR, "exit 137",
                Protocol.H_DEADLINE, 5L, Protocol.H_TRACEPARENT, "00-abc-def-01"));
        h.putAll(extra);
        return new AMQP.BasicProperties.Builder().messageId("t-1").correlationId("t-1").type("crash")
                .replyTo("warren.reply.c").contentType("application/json").deliveryMode(2)
                .timestamp(new Date(1_795_312_800_000L)).headers(h).build();
    }

    @Test void itsHeadersTellIdTaskReasonAttemptsAndWhen() {
        DeadLetter d = DeadLetter.of(dead(Map.of(Protocol.H_DEAD_AT, 1_795_312_900_123L)), "3".getBytes(StandardCharsets.UTF_8));
        assertThat(d).isEqualTo(new DeadLetter("t-1", "crash", "warren.WorkerCrashed", "worker crashed 3 times", 3,
                1_795_312_900_123L, 1, "3"));
    }

    @Test void withoutADeadAtHeaderTheTimestampPropertyIsTheTime() {
        assertThat(DeadLetter.of(dead(Map.of()), new byte[0]).deadAt()).isEqualTo(1_795_312_800_000L);
    }

    @Test void aMalformedMessageStillReadsAndALongBodyIsCut() {
        DeadLetter d = DeadLetter.of(new AMQP.BasicProperties.Builder()
                .headers(Map.of(Protocol.H_DEAD_ATTEMPTS, "three")).build(), "x".repeat(1000).getBytes(StandardCharsets.UTF_8));
        assertThat(d.id()).isNull();
        assertThat(d.attempts()).isZero();
        assertThat(d.bytes()).isEqualTo(1000);
        assertThat(d.preview()).hasSize(201).endsWith("…");
        assertThat(DeadLetter.of(null, null).bytes()).isZero();
    }

    @Test void aReplayResetsTheAttemptAndDropsTheDeadLetterHeadersLastErrorAndDeadline() {
        AMQP.BasicProperties r = DeadLetter.replayProperties(dead(Map.of(Protocol.H_DEAD_AT, 1L, "x-delivery-count", 4,
                "x-first-death-queue", "q", "x-tenant", "acme")), null);
        assertThat(r.getHeaders()).containsEntry(Protocol.H_ATTEMPT, 1).containsEntry(Protocol.H_PROTOCOL, 1)
                .containsEntry(Protocol.H_TRACEPARENT, "00-abc-def-01").containsEntry("x-tenant", "acme")
                .doesNotContainKeys("x-delivery-count", "x-first-death-queue")
                .doesNotContainKeys(Protocol.H_DEAD_REASON, Protocol.H_DEAD_DETAIL, Protocol.H_DEAD_ATTEMPTS,
                        Protocol.H_ORIGINAL_QUEUE, Protocol.H_DEAD_AT, Protocol.H_LAST_ERROR, Protocol.H_DEADLINE);
        assertThat(r.getMessageId()).isEqualTo("t-1");
        assertThat(r.getType()).isEqualTo("crash");
        assertThat(r.getReplyTo()).isEqualTo("warren.reply.c");
        assertThat(r.getDeliveryMode()).isEqualTo(2);
        assertThat(DeadLetter.replayProperties(dead(Map.of()), "amq.gen-1").getReplyTo()).isEqualTo("amq.gen-1");
    }
}
