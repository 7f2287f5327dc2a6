package dev.warren.common.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.rabbitmq.client.AMQP;
import dev.warren.common.Protocol;
import java.io.IOException;
import java.util.Date;
import java.util.Optional;

/**
 * A message on the fanout exchange {@code <queue>.fleet} (docs/protocol.md, section 13): a supervisor's
 * {@link Announcement}, or a reader's {@link Hello} asking every supervisor to announce at once. Encoded and
 * decoded in this one place by supervisors, the dashboard and {@code warren status}.
 */
public sealed interface FleetMessage permits Announcement, FleetMessage.Hello {
    /**
     * On RabbitMQ a reader's queue drops messages older than this ({@code x-message-ttl}): a slow reader never reads
     * stale announcements. Messages carry no {@code expiration}: Qpid Broker-J reads it as an absolute time.
     */
    long READER_TTL_MS = 10_000;

    /** The {@code op} field and the AMQP {@code type}. */
    String op();

    /** The JSON body. */
    default byte[] encode() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a fleet message", e);
        }
    }

    /** Transient, {@code application/json}, {@code type} = the op, with a timestamp. */
    default AMQP.BasicProperties properties() {
        return new AMQP.BasicProperties.Builder().contentType(Protocol.CONTENT_TYPE).type(op()).deliveryMode(1)
                .timestamp(new Date()).build();
    }

    /**
     * Reads a fleet message body. Unknown fields are ignored.
     *
     * @return empty for an op this version does not know (readers must ignore it)
     * @throws IllegalArgumentException when the body is not a JSON object, or an announcement has no supervisor name
     */
    static Optional<FleetMessage> decode(byte[] body) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("fleet message is not JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) throw new IllegalArgumentException("fleet message is not a JSON object");
        String op = n.path("op").asText("");
        try {
            return switch (op) {
                case Announcement.OP -> {
                    Announcement a = Lenient.READER.forType(Announcement.class).readValue(n);
                    if (a.supervisor() == null || a.supervisor().isEmpty()) {
                        throw new IllegalArgumentException("announcement has no supervisor name");
                    }
                    yield Optional.of(a);
                }
                case Hello.OP -> Optional.of(new Hello(n.path("from").asText("")));
                default -> Optional.empty();
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable " + op + ": " + e.getMessage(), e);
        }
    }

    /** A reader asks every supervisor to announce now; {@code from} names the reader (for logs). */
    record Hello(String from) implements FleetMessage {
        public static final String OP = "hello";

        @JsonProperty("op")
        @Override public String op() { return OP; }
    }

    /** Readers are tolerant: a newer writer may add fields, an older one may lack some. */
    final class Lenient {
        private Lenient() {}

        static final ObjectReader READER = Json.MAPPER.reader()
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }
}
