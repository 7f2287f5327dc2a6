package dev.warren.common.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.warren.common.Protocol;
import dev.warren.common.WarrenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A message in {@code <queue>.dead} as docs/protocol.md section 6 describes it: the original task with the
 * dead-letter headers. Read by {@code warren dead} and the dashboard.
 *
 * @param id       its {@code message_id}, or null
 * @param task     its {@code type} (the task name), or null
 * @param reason   {@code warren-dead-reason}, or null
 * @param detail   {@code warren-dead-detail}, or null
 * @param attempts {@code warren-dead-attempts} (0 when absent)
 * @param deadAt   {@code warren-dead-at} in epoch ms, else the message's timestamp (submission), else 0
 * @param bytes    the body's size
 * @param preview  the start of the body as text (at most {@value #PREVIEW} characters)
 */
public record DeadLetter(String id, String task, String reason, String detail, long attempts, long deadAt, int bytes,
                         String preview) {
    static final int PREVIEW = 200;
    /** The headers a replay drops: the dead-letter ones, the previous attempt's error and the deadline. */
    static final Set<String> DROPPED_ON_REPLAY = Set.of(Protocol.H_DEAD_REASON, Protocol.H_DEAD_DETAIL,
            Protocol.H_DEAD_ATTEMPTS, Protocol.H_ORIGINAL_QUEUE, Protocol.H_DEAD_AT, Protocol.H_LAST_ERROR,
            Protocol.H_DEADLINE);

    /** Reads what a dead-lettered message says about itself; never throws on a malformed message. */
    public static DeadLetter of(AMQP.BasicProperties p, byte[] body) {
        Map<String, Object> h = p == null ? null : p.getHeaders();
        long attempts = number(h, Protocol.H_DEAD_ATTEMPTS);
        long at = number(h, Protocol.H_DEAD_AT);
        if (at == 0 && p != null && p.getTimestamp() != null) at = p.getTimestamp().getTime();
        byte[] b = body == null ? new byte[0] : body;
        String text = new String(b, 0, Math.min(b.length, PREVIEW * 4), StandardCharsets.UTF_8);
        if (text.length() > PREVIEW) text = text.substring(0, PREVIEW) + "…";
        return new DeadLetter(p == null ? null : p.getMessageId(), p == null ? null : p.getType(),
                Headers.string(h, Protocol.H_DEAD_REASON), Headers.string(h, Protocol.H_DEAD_DETAIL), attempts, at,
                b.length, text);
    }

    /**
     * The properties of a replay: the original's, with the attempt count reset to 1 and without the dead-letter
     * headers, the previous error, the deadline (which has usually passed; a replay is asked for) and the broker's
     * delivery headers ({@code x-delivery-count}, {@code x-death}, ...).
     *
     * @param replyTo the reply queue of the replay, or null to keep the original's
     */
    public static AMQP.BasicProperties replayProperties(AMQP.BasicProperties p, String replyTo) {
        Map<String, Object> h = new HashMap<>(p.getHeaders() == null ? Map.of() : p.getHeaders());
        h.keySet().removeAll(DROPPED_ON_REPLAY);
        // what a broker adds on delivery or dead-lettering (quorum queues count peeks in x-delivery-count)
        h.keySet().removeIf(k -> k.equals("x-delivery-count") || k.equals("x-death") || k.startsWith("x-first-death-")
                || k.startsWith("x-last-death-"));
        h.put(Protocol.H_ATTEMPT, 1);
        h.putIfAbsent(Protocol.H_PROTOCOL, Protocol.VERSION);
        return p.builder().headers(h).replyTo(replyTo != null ? replyTo : p.getReplyTo()).build();
    }

    /**
     * The first {@code limit} messages of a dead-letter queue, left in place: {@code basic.get} with manual
     * acknowledgement, then one {@code basic.nack(multiple, requeue)} for all of them (a nack, not a reject: on
     * RabbitMQ 4 quorum queues a reject would count a delivery). A crash in between leaves them unacknowledged,
     * and the broker requeues them when the channel closes: nothing is lost. The order is kept on classic queues;
     * other queue types may requeue elsewhere.
     *
     * @throws WarrenException when the queue cannot be read
     */
    public static List<DeadLetter> peek(Connection connection, String deadQueue, int limit) {
        List<DeadLetter> out = new ArrayList<>();
        Channel ch = null;
        try {
            ch = connection.createChannel();
            long last = 0;
            for (int i = 0; i < limit; i++) {
                GetResponse r = ch.basicGet(deadQueue, false);
                if (r == null) break;
                last = r.getEnvelope().getDeliveryTag();
                out.add(of(r.getProps(), r.getBody()));
            }
            if (last != 0) ch.basicNack(last, true, true);
            return out;
        } catch (IOException | RuntimeException e) {
            throw new WarrenException("cannot read " + deadQueue + ": " + e.getMessage(), e);
        } finally {
            if (ch != null && ch.isOpen()) {
                try { ch.close(); } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException ignored) { }
            }
        }
    }

    private static long number(Map<String, Object> h, String key) {
        try {
            return Headers.number(h, key, 0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
