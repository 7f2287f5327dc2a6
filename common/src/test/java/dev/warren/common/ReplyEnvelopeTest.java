package dev.warren.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.LongStringHelper;
import dev.warren.common.internal.ReplyEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Replies cross the wire with their status, attempt, worker and trace; error bodies always read as a TaskError. */
class ReplyEnvelopeTest {
    private static final WorkerInfo WORKER = new WorkerInfo("host-1", 4242, "child-2", 1000, 1005);
    private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void anOkReplyDecodesToWhatWasSent() {
        ReplyEnvelope sent = new ReplyEnvelope("t-1", true, 2, WORKER, TRACE, "v=1", true, utf8("27"));
        ReplyEnvelope got = ReplyEnvelope.decode(WireForm.overTheWire(sent.toProperties()), sent.body());
        assertThat(got).usingRecursiveComparison().isEqualTo(sent);
        assertThat(sent.toProperties().getContentType()).isEqualTo(Protocol.CONTENT_TYPE);
        assertThat(sent.toProperties().getHeaders()).containsEntry(Protocol.H_PROTOCOL, Protocol.VERSION)
                .containsEntry(Protocol.H_STATUS, Protocol.STATUS_OK);
    }

    @Test
    void anErrorReplyCarriesTheTaskErrorAndItsAttempts() {
        TaskError error = new TaskError("java.lang.IllegalStateException", "boom", "at x\n", 3, true);
        ReplyEnvelope sent = ReplyEnvelope.error("t-1", error, WORKER, null, null, false);
        ReplyEnvelope got = ReplyEnvelope.decode(WireForm.overTheWire(sent.toProperties()), sent.body());
        assertThat(got.ok()).isFalse();
        assertThat(got.attempt()).isEqualTo(3);
        assertThat(got.persistent()).isFalse();
        assertThat(got.error()).isEqualTo(error);
        assertThat(sent.toProperties().getHeaders()).containsEntry(Protocol.H_STATUS, Protocol.STATUS_ERROR);
    }

    @Test
    void aReplyWithoutCorrelationIdOrPropertiesIsIgnored() {
        assertThat(ReplyEnvelope.decode(null, utf8("1"))).isNull();
        assertThat(ReplyEnvelope.decode(new AMQP.BasicProperties.Builder().build(), utf8("1"))).isNull();
    }

    @Test
    void aReplyWithoutAStatusHeaderCountsAsAnError() {
        ReplyEnvelope r = ReplyEnvelope.decode(new AMQP.BasicProperties.Builder().correlationId("t").build(), null);
        assertThat(r.ok()).isFalse();
        assertThat(r.body()).isEmpty();
        assertThat(r.attempt()).isEqualTo(1);
    }

    @Test
    void workerHeadersSentAsStringsByOtherClientsAreRead() {
        Map<String, Object> h = new HashMap<>();
        h.put(Protocol.H_STATUS, LongStringHelper.asLongString("ok"));
        h.put(Protocol.H_ATTEMPT, "2");
        h.put(Protocol.H_HOST, LongStringHelper.asLongString("py-host"));
        h.put(Protocol.H_PID, LongStringHelper.asLongString("77"));
        h.put(Protocol.H_CHILD, "py-worker");
        h.put(Protocol.H_STARTED, 10);
        h.put(Protocol.H_FINISHED, 11L);
        ReplyEnvelope r = ReplyEnvelope.decode(new AMQP.BasicProperties.Builder().correlationId("t").headers(h).build(),
                utf8("\"X\""));
        assertThat(r.ok()).isTrue();
        assertThat(r.attempt()).isEqualTo(2);
        assertThat(r.worker()).isEqualTo(new WorkerInfo("py-host", 77, "py-worker", 10, 11));
    }

    @Test
    void unreadableWorkerHeadersDoNotLoseTheReply() {
        Map<String, Object> h = new HashMap<>();
        h.put(Protocol.H_STATUS, "ok");
        h.put(Protocol.H_PID, "not-a-pid");
        ReplyEnvelope r = ReplyEnvelope.decode(new AMQP.BasicProperties.Builder().correlationId("t").headers(h).build(),
                utf8("1"));
        assertThat(r.ok()).isTrue();
        assertThat(r.worker()).isEqualTo(new WorkerInfo(null, 0, null, 0, 0));
    }

    @Test
    void anErrorBodyThatIsNotATaskErrorStillReadsAsABadEnvelopeError() {
        String garbage = "<html>" + "x".repeat(2000);
        ReplyEnvelope r = new ReplyEnvelope("t", false, 2, null, null, null, true, utf8(garbage));
        TaskError e = r.error();
        assertThat(e.type()).isEqualTo(Protocol.E_BAD_ENVELOPE);
        assertThat(e.message()).startsWith("unreadable error reply: <html>").hasSizeLessThan(600);
        assertThat(e.attempts()).isEqualTo(2);
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void anErrorBodyWithAnUnknownFieldIsReportedAsUnreadable() {
        // the Java reader binds error bodies strictly (docs/protocol.md 3.4): new fields are a breaking change
        ReplyEnvelope r = new ReplyEnvelope("t", false, 1, null, null, null, true,
                utf8("{\"type\":\"X\",\"message\":\"m\",\"stack\":\"\",\"attempts\":1,\"retryable\":true,\"extra\":1}"));
        assertThat(r.error().type()).isEqualTo(Protocol.E_BAD_ENVELOPE);
        assertThat(r.error().message()).contains("\"extra\"");
    }

    @Test
    void missingTextFieldsOfAnErrorBodyBecomeEmptyNeverNull() {
        ReplyEnvelope r = new ReplyEnvelope("t", false, 1, null, null, null, true,
                utf8("{\"attempts\":2,\"retryable\":false}"));
        assertThat(r.error()).isEqualTo(new TaskError(Protocol.E_TASK_FAILED, "", "", 2, false));
    }

    @Test
    void anErrorBodyWithoutAttemptsOrRetryableIsReportedAsUnreadable() {
        ReplyEnvelope r = new ReplyEnvelope("t", false, 1, null, null, null, true,
                utf8("{\"type\":\"X\",\"message\":\"m\",\"stack\":\"\",\"attempts\":2}"));
        assertThat(r.error().type()).isEqualTo(Protocol.E_BAD_ENVELOPE);
    }
}
