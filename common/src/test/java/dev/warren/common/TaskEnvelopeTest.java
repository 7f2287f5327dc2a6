package dev.warren.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.LongStringHelper;
import dev.warren.common.internal.Decoded;
import dev.warren.common.internal.Malformed;
import dev.warren.common.internal.TaskEnvelope;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** TaskEnvelope.decode gives every delivery a decision, in the order docs/protocol.md section 7 lists. */
class TaskEnvelopeTest {
    private static final long NOW = 1_795_312_800_000L;
    private static final int MAX = 1024;
    private static final byte[] BODY = "3".getBytes(StandardCharsets.UTF_8);

    private static Map<String, Object> headers(Object... kv) {
        Map<String, Object> h = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) h.put((String) kv[i], kv[i + 1]);
        return h;
    }

    private static AMQP.BasicProperties.Builder valid() {
        return new AMQP.BasicProperties.Builder().messageId("t-1").correlationId("t-1").type("cube")
                .replyTo("warren.reply.c1").contentType("application/json").deliveryMode(2)
                .headers(headers(Protocol.H_PROTOCOL, 1));
    }

    private static Decoded decode(AMQP.BasicProperties p) { return TaskEnvelope.decode(p, BODY, MAX, NOW); }

    private static Malformed malformed(Decoded d, String type) {
        assertThat(d).isInstanceOf(Malformed.class);
        Malformed m = (Malformed) d;
        assertThat(m.type()).as(m.detail()).isEqualTo(type);
        return m;
    }

    @Test
    void aTaskWrittenByCommonDecodesToTheSameEnvelopeAfterCrossingTheWire() {
        TaskEnvelope sent = new TaskEnvelope("t-9", "cube", "warren.reply.c1", NOW + 5_000, 2, 4, "java.lang.Integer",
                "child-1 exited with 137", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "v=1", true,
                NOW + 999, "[1,2,3,4]".getBytes(StandardCharsets.UTF_8));
        Decoded d = TaskEnvelope.decode(WireForm.overTheWire(sent.toProperties()), sent.body(), MAX, NOW);
        assertThat(d).isInstanceOf(TaskEnvelope.class);
        TaskEnvelope got = (TaskEnvelope) d;
        assertThat(got).usingRecursiveComparison().isEqualTo(sent);
        assertThat(got.timestamp()).as("milliseconds kept by warren-published-at").isEqualTo(NOW + 999);
        assertThat(WireForm.overTheWire(sent.toProperties()).getTimestamp().getTime()).as("AMQP timestamps have second resolution").isEqualTo(NOW);
    }

    @Test
    void aProducerThatDoesNotReadTheWorkerHeadersSaysSoAndOnlyZeroOrFalseMeansIt() {
        TaskEnvelope quiet = new TaskEnvelope("t-9", "cube", "warren.reply.c1", 0, 1, 0, null, null, null, null, true,
                NOW, false, BODY);
        AMQP.BasicProperties wire = WireForm.overTheWire(quiet.toProperties());
        assertThat(wire.getHeaders().get(Protocol.H_WORKER_INFO)).isEqualTo(0);
        assertThat(((TaskEnvelope) TaskEnvelope.decode(wire, BODY, MAX, NOW)).workerInfo()).isFalse();
        TaskEnvelope usual = new TaskEnvelope("t-9", "cube", "warren.reply.c1", 0, 1, 0, null, null, null, null, true,
                NOW, BODY);
        assertThat(usual.toProperties().getHeaders()).as("the default sends nothing").doesNotContainKey(Protocol.H_WORKER_INFO);
        assertThat(((TaskEnvelope) decode(valid().build())).workerInfo()).as("absent").isTrue();
        assertThat(((TaskEnvelope) decode(valid().headers(headers(Protocol.H_PROTOCOL, 1, Protocol.H_WORKER_INFO, false))
                .build())).workerInfo()).as("false").isFalse();
        assertThat(((TaskEnvelope) decode(valid().headers(headers(Protocol.H_PROTOCOL, 1, Protocol.H_WORKER_INFO, 1L))
                .build())).workerInfo()).as("1").isTrue();
        assertThat(((TaskEnvelope) decode(valid().headers(headers(Protocol.H_PROTOCOL, 1, Protocol.H_WORKER_INFO,
                LongStringHelper.asLongString("no"))).build())).workerInfo()).as("not a number: decides nothing").isTrue();
    }

    @Test
    void aLongLastErrorIsTruncatedWhenWritten() {
        TaskEnvelope t = new TaskEnvelope("t", "cube", "r", 0, 1, 0, null, "e".repeat(10_000), null, null, true, NOW, BODY)
                .withAttempt(2, "y".repeat(10_000));
        String written = t.toProperties().getHeaders().get(Protocol.H_LAST_ERROR).toString();
        assertThat(written).hasSize(4097).startsWith("yyyy").endsWith("…");
        assertThat(t.toProperties().getHeaders()).containsEntry(Protocol.H_ATTEMPT, 2);
    }

    @Test
    void aMessageWithoutPropertiesIsABadEnvelopeWithNowhereToReply() {
        Malformed m = malformed(TaskEnvelope.decode(null, BODY, MAX, NOW), Protocol.E_BAD_ENVELOPE);
        assertThat(m.taskId()).isNull();
        assertThat(m.replyTo()).isNull();
        assertThat(m.attempt()).isEqualTo(1);
    }

    @Test
    void aMessagePublishedWithNoPropertiesAtAllIsABadEnvelopeNotAnUnsupportedProtocol() {
        // the client library hands such a message over as an empty properties object, not null
        Malformed m = malformed(TaskEnvelope.decode(new AMQP.BasicProperties(), BODY, MAX, NOW), Protocol.E_BAD_ENVELOPE);
        assertThat(m.detail()).contains("no properties");
        assertThat(m.taskId()).isNull();
        assertThat(m.replyTo()).isNull();
        assertThat(malformed(decode(new AMQP.BasicProperties.Builder().contentType(Protocol.CONTENT_TYPE).build()),
                Protocol.E_UNSUPPORTED_PROTOCOL).detail()).contains(Protocol.H_PROTOCOL);
    }

    @Test
    void aMissingProtocolVersionIsUnsupportedProtocolEvenWithNoHeadersAtAll() {
        Malformed m = malformed(decode(valid().headers(null).build()), Protocol.E_UNSUPPORTED_PROTOCOL);
        assertThat(m.detail()).contains(Protocol.H_PROTOCOL);
        assertThat(m.taskId()).isEqualTo("t-1");
        assertThat(m.replyTo()).isEqualTo("warren.reply.c1");
    }

    @Test
    void anotherProtocolVersionIsRefusedNamingTheVersionTheWorkerSpeaks() {
        Malformed m = malformed(decode(valid().headers(headers(Protocol.H_PROTOCOL, 2, Protocol.H_ATTEMPT, 2)).build()),
                Protocol.E_UNSUPPORTED_PROTOCOL);
        assertThat(m.detail()).contains("version 2", "version 1");
        assertThat(m.attempt()).isEqualTo(2);
    }

    @Test
    void numericHeadersAreReadFromAnyIntegerTypeOrADecimalString() {
        List<Object> ones = List.of(1, 1L, (short) 1, (byte) 1, "1", " 1 ", LongStringHelper.asLongString("1"),
                new BigDecimal("1"));
        for (Object one : ones) {
            Decoded d = decode(valid().headers(headers(Protocol.H_PROTOCOL, one,
                    Protocol.H_ATTEMPT, LongStringHelper.asLongString("3"), Protocol.H_DEADLINE, String.valueOf(NOW + 1),
                    Protocol.H_CHUNK, 0L)).build());
            assertThat(d).as(one.getClass().getName()).isInstanceOf(TaskEnvelope.class);
            assertThat(((TaskEnvelope) d).attempt()).isEqualTo(3);
            assertThat(((TaskEnvelope) d).deadline()).isEqualTo(NOW + 1);
        }
    }

    @Test
    void aNumericHeaderThatIsNotANumberIsABadEnvelopeThatCanStillBeAnswered() {
        for (String header : List.of(Protocol.H_PROTOCOL, Protocol.H_ATTEMPT, Protocol.H_DEADLINE, Protocol.H_CHUNK)) {
            Map<String, Object> h = headers(Protocol.H_PROTOCOL, 1);
            h.put(header, LongStringHelper.asLongString("three"));
            Malformed m = malformed(decode(valid().headers(h).build()), Protocol.E_BAD_ENVELOPE);
            assertThat(m.detail()).as(header).contains("not a number");
            assertThat(m.replyTo()).isEqualTo("warren.reply.c1");
            assertThat(m.taskId()).isEqualTo("t-1");
        }
        malformed(decode(valid().headers(headers(Protocol.H_PROTOCOL, true)).build()), Protocol.E_BAD_ENVELOPE);
        malformed(decode(valid().headers(headers(Protocol.H_PROTOCOL, new Date())).build()), Protocol.E_BAD_ENVELOPE);
        malformed(decode(valid().headers(headers(Protocol.H_PROTOCOL, new byte[] {1})).build()), Protocol.E_BAD_ENVELOPE);
    }

    @Test
    void anAttemptBelowOneCountsAsTheFirstAttempt() {
        for (int a : new int[] {0, -4}) {
            Decoded d = decode(valid().headers(headers(Protocol.H_PROTOCOL, 1, Protocol.H_ATTEMPT, a)).build());
            assertThat(((TaskEnvelope) d).attempt()).isEqualTo(1);
        }
    }

    @Test
    void aMissingOrBlankMessageIdIsABadEnvelopeWithoutATaskId() {
        for (String id : new String[] {null, "", "  "}) {
            Malformed m = malformed(decode(valid().messageId(id).build()), Protocol.E_BAD_ENVELOPE);
            assertThat(m.detail()).contains("message_id");
            assertThat(m.taskId()).isNull();
            assertThat(m.replyTo()).isEqualTo("warren.reply.c1");
        }
    }

    @Test
    void aMissingTaskNameIsABadEnvelopeThatCanBeAnswered() {
        Malformed m = malformed(decode(valid().type(" ").build()), Protocol.E_BAD_ENVELOPE);
        assertThat(m.detail()).contains("type");
        assertThat(m.taskId()).isEqualTo("t-1");
        assertThat(m.replyTo()).isEqualTo("warren.reply.c1");
    }

    @Test
    void aMissingReplyToIsABadEnvelopeWithNowhereToReply() {
        Malformed m = malformed(decode(valid().replyTo(null).build()), Protocol.E_BAD_ENVELOPE);
        assertThat(m.detail()).contains("reply_to");
        assertThat(m.replyTo()).isNull();
    }

    @Test
    void theContentTypeMustBeJsonIgnoringCaseAndParameters() {
        malformed(decode(valid().contentType(null).build()), Protocol.E_BAD_ENVELOPE);
        malformed(decode(valid().contentType("text/plain").build()), Protocol.E_BAD_ENVELOPE);
        malformed(decode(valid().contentType("application/jsonx").build()), Protocol.E_BAD_ENVELOPE);
        assertThat(decode(valid().contentType("Application/JSON; charset=utf-8").build())).isInstanceOf(TaskEnvelope.class);
    }

    @Test
    void aBodyOverTheLimitIsTooLargeAndOneAtTheLimitIsAccepted() {
        Malformed m = malformed(TaskEnvelope.decode(valid().build(), new byte[MAX + 1], MAX, NOW), Protocol.E_TOO_LARGE);
        assertThat(m.detail()).contains(String.valueOf(MAX + 1), String.valueOf(MAX));
        assertThat(TaskEnvelope.decode(valid().build(), new byte[MAX], MAX, NOW)).isInstanceOf(TaskEnvelope.class);
    }

    @Test
    void aMissingBodyDecodesAsAnEmptyBodyForTheWorkerToRefuseAsNotJson() {
        Decoded d = TaskEnvelope.decode(valid().build(), null, MAX, NOW);
        assertThat(((TaskEnvelope) d).body()).isEmpty();
    }

    @Test
    void aNegativeChunkCountIsABadEnvelope() {
        malformed(decode(valid().headers(headers(Protocol.H_PROTOCOL, 1, Protocol.H_CHUNK, -1)).build()),
                Protocol.E_BAD_ENVELOPE);
    }

    @Test
    void aDeadlineBeforeNowIsExceededButADeadlineOfNowOrZeroIsNot() {
        malformed(decode(valid().headers(headers(Protocol.H_PROTOCOL, 1, Protocol.H_DEADLINE, NOW - 1)).build()),
                Protocol.E_DEADLINE_EXCEEDED);
        assertThat(decode(valid().headers(headers(Protocol.H_PROTOCOL, 1, Protocol.H_DEADLINE, NOW)).build()))
                .isInstanceOf(TaskEnvelope.class);
        assertThat(decode(valid().headers(headers(Protocol.H_PROTOCOL, 1, Protocol.H_DEADLINE, 0)).build()))
                .isInstanceOf(TaskEnvelope.class);
    }

    @Test
    void checksRunInTheDocumentedOrder() {
        // no version and no id: the version is checked first
        malformed(decode(valid().messageId(null).headers(null).build()), Protocol.E_UNSUPPORTED_PROTOCOL);
        // no id and no reply_to: the id first
        assertThat(malformed(decode(valid().messageId(null).replyTo(null).build()), Protocol.E_BAD_ENVELOPE).detail())
                .contains("message_id");
        // wrong content type and oversized: the content type first
        assertThat(malformed(TaskEnvelope.decode(valid().contentType("text/plain").build(), new byte[MAX + 1], MAX, NOW),
                Protocol.E_BAD_ENVELOPE).detail()).contains("content_type");
        // oversized and deadline passed: the size first
        malformed(TaskEnvelope.decode(valid().headers(headers(Protocol.H_PROTOCOL, 1, Protocol.H_DEADLINE, 1L)).build(),
                new byte[MAX + 1], MAX, NOW), Protocol.E_TOO_LARGE);
    }

    @Test
    void decodingThousandsOfRandomEnvelopesNeverThrowsAndAlwaysDecides() {
        Random random = new Random(42);
        Object[] values = {null, 1, 2, -1, 0L, Long.MAX_VALUE, "1", "x", "", " ", LongStringHelper.asLongString("7"),
                LongStringHelper.asLongString("\u0000"), true, new Date(), new byte[] {1, 2}, List.of(1), Map.of("a", 1),
                new BigDecimal("1e400"), 3.5, "99999999999999999999"};
        String[] keys = {Protocol.H_PROTOCOL, Protocol.H_ATTEMPT, Protocol.H_DEADLINE, Protocol.H_CHUNK,
                Protocol.H_INPUT_TYPE, Protocol.H_LAST_ERROR, Protocol.H_TRACEPARENT, "x-other"};
        String[] strings = {null, "", " ", "t", "application/json", "text/plain", "warren.reply.c", "\u0000"};
        for (int i = 0; i < 5_000; i++) {
            Map<String, Object> h = random.nextInt(10) == 0 ? null : new HashMap<>();
            if (h != null) for (String k : keys) if (random.nextBoolean()) h.put(k, values[random.nextInt(values.length)]);
            AMQP.BasicProperties p = random.nextInt(50) == 0 ? null : new AMQP.BasicProperties.Builder()
                    .messageId(strings[random.nextInt(strings.length)]).type(strings[random.nextInt(strings.length)])
                    .replyTo(strings[random.nextInt(strings.length)]).contentType(strings[random.nextInt(strings.length)])
                    .deliveryMode(random.nextBoolean() ? null : random.nextInt(4)).headers(h).build();
            byte[] body = random.nextInt(10) == 0 ? null : new byte[random.nextInt(MAX + 10)];
            Decoded d = TaskEnvelope.decode(p, body, MAX, NOW);
            assertThat(d).isNotNull();
            if (d instanceof Malformed m) assertThat(m.type()).startsWith("warren.");
        }
    }

    @Test
    void thePublicationTimeIsReadInMillisecondsFromItsHeaderElseFromTheTimestampAndABadHeaderDecidesNothing() {
        TaskEnvelope ms = (TaskEnvelope) decode(valid().timestamp(new java.util.Date(NOW - 1000))
                .headers(headers(Protocol.H_PROTOCOL, 1, Protocol.H_PUBLISHED_AT, NOW - 1234)).build());
        assertThat(ms.timestamp()).isEqualTo(NOW - 1234);
        TaskEnvelope seconds = (TaskEnvelope) decode(valid().timestamp(new java.util.Date(NOW - 1000)).build());
        assertThat(seconds.timestamp()).isEqualTo(NOW - 1000);
        TaskEnvelope bad = (TaskEnvelope) decode(valid().timestamp(new java.util.Date(NOW - 1000))
                .headers(headers(Protocol.H_PROTOCOL, 1, Protocol.H_PUBLISHED_AT, "soon")).build());
        assertThat(bad.timestamp()).isEqualTo(NOW - 1000);
        TaskEnvelope written = new TaskEnvelope("t-1", "cube", "warren.reply.c1", 0, 1, 0, null, null, null, null, true,
                NOW - 77, BODY);
        assertThat(written.toProperties().getHeaders()).containsEntry(Protocol.H_PUBLISHED_AT, NOW - 77);
    }
}
