package dev.warren.cli.fleet;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.warren.common.WarrenException;
import dev.warren.common.internal.DeadLetter;
import dev.warren.common.internal.QueueCounts;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * {@code <queue>.dead}, read and changed with plain AMQP 0-9-1 (no management plugin):
 *
 * <pre>
 *  scan: n = the queue's count; n × basic.get (manual ack) ─► each message: keep (held unacknowledged)
 *                                                             or take it: [publish a replay, wait for its confirm,] ack
 *        end ─► basic.nack(highest held, multiple, requeue): the kept ones go back (a nack, not a reject: RabbitMQ 4
 *              quorum queues count a reject as a failed delivery); then wait (≤ 2 s) until the queue counts them
 *              again: a quorum queue applies the return after the channel's close-ok, and the next scan starts from
 *              the count
 * </pre>
 *
 * A crash at any point loses nothing: the broker requeues whatever is unacknowledged when the connection drops, so
 * a replay interrupted between its confirm and its ack leaves a duplicate at worst (the task is in the task queue and
 * still in {@code .dead}). While a scan runs the messages it holds are invisible to other readers; classic queues put
 * them back in their places, other queue types may change their order. Not thread-safe: one operation at a time.
 */
public final class DeadLetters {
    /** What a scan does with a message. */
    enum Verdict { KEEP, TAKE }

    interface Visitor { Verdict visit(GetResponse message) throws IOException; }

    /** A message with everything it carries. */
    public record Message(AMQP.BasicProperties properties, byte[] body, DeadLetter letter) {}

    /** The first messages of the queue and how many it holds. */
    public record Listing(long total, List<DeadLetter> first) {}

    private final BrokerAccess broker;

    public DeadLetters(BrokerAccess broker) { this.broker = broker; }

    /** How many messages {@code <queue>.dead} holds. @throws WarrenException when it does not exist */
    public long count() {
        AMQP.Queue.DeclareOk ok = QueueCounts.inspect(broker.connection(), broker.deadQueue());
        if (ok == null) throw new WarrenException("there is no queue " + broker.deadQueue() + " (WARREN_QUEUE is " + broker.queue() + ")");
        return ok.getMessageCount();
    }

    /** The first {@code limit} messages, left in place. */
    public Listing list(int limit) {
        long total = count();
        return new Listing(total, DeadLetter.peek(broker.connection(), broker.deadQueue(), limit));
    }

    /** Every message whose id is {@code id} or starts with it, left in place. */
    public List<Message> show(String id) {
        List<Message> found = new ArrayList<>();
        scan(r -> {
            String mid = r.getProps() == null ? null : r.getProps().getMessageId();
            if (mid != null && mid.startsWith(id)) found.add(new Message(r.getProps(), r.getBody(), DeadLetter.of(r.getProps(), r.getBody())));
            return Verdict.KEEP;
        });
        return found;
    }

    /**
     * Re-publishes to the task queue, with the attempt count reset ({@link DeadLetter#replayProperties}), every message
     * whose id is {@code id} (every message when {@code id} is null); each is removed from {@code .dead} only after the
     * broker confirmed its copy.
     *
     * @param replyTo the reply queue the copies name, or null to keep each one's own
     * @return the replayed messages
     * @throws WarrenException when the task queue does not exist, or the broker refused a copy (that message and the
     *                         ones after it stay in {@code .dead})
     */
    public List<DeadLetter> replay(String id, String replyTo) {
        if (QueueCounts.inspect(broker.connection(), broker.queue()) == null) {
            throw new WarrenException("there is no task queue " + broker.queue() + ": nothing would run a replay");
        }
        List<DeadLetter> replayed = new ArrayList<>();
        try (Publisher out = new Publisher(broker)) {
            scan(r -> {
                String mid = r.getProps() == null ? null : r.getProps().getMessageId();
                if (id != null && !id.equals(mid)) return Verdict.KEEP;
                out.publishConfirmed(broker.queue(), DeadLetter.replayProperties(r.getProps(), replyTo), r.getBody());
                replayed.add(DeadLetter.of(r.getProps(), r.getBody()));
                return Verdict.TAKE;
            });
        }
        return replayed;
    }

    /** Removes every message (a {@code queue.purge}). @return how many */
    public long purgeAll() {
        count();
        try (Channel ch = broker.connection().createChannel()) {
            return ch.queuePurge(broker.deadQueue()).getMessageCount();
        } catch (IOException | TimeoutException e) {
            throw new WarrenException("cannot purge " + broker.deadQueue() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes the messages dead-lettered before {@code now - age} ({@code warren-dead-at}, else their timestamp);
     * messages that carry no time are kept.
     *
     * @return the removed messages
     */
    public List<DeadLetter> purgeOlderThan(Duration age, long now) {
        long cutoff = now - age.toMillis();
        List<DeadLetter> removed = new ArrayList<>();
        scan(r -> {
            DeadLetter d = DeadLetter.of(r.getProps(), r.getBody());
            if (d.deadAt() == 0 || d.deadAt() >= cutoff) return Verdict.KEEP;
            removed.add(d);
            return Verdict.TAKE;
        });
        return removed;
    }

    private static void giveBack(Channel ch, long upTo) {
        try {
            ch.basicNack(upTo, true, true);
        } catch (IOException | RuntimeException ignored) {
            // the channel's close requeues them
        }
    }

    /** One pass over the messages in the queue when it starts (later arrivals are not visited). */
    void scan(Visitor visitor) {
        long n = count();
        long kept = 0;
        Channel ch = null;
        try {
            ch = broker.connection().createChannel();
            long held = 0;
            for (long i = 0; i < n; i++) {
                GetResponse r = ch.basicGet(broker.deadQueue(), false);
                if (r == null) break;
                long tag = r.getEnvelope().getDeliveryTag();
                Verdict v;
                try {
                    v = visitor.visit(r);
                } catch (IOException | RuntimeException e) {
                    giveBack(ch, tag); // this one goes back with the others
                    throw e;
                }
                if (v == Verdict.TAKE) ch.basicAck(tag, false);
                else {
                    held = tag;
                    kept++;
                }
            }
            if (held != 0) ch.basicNack(held, true, true);
        } catch (IOException e) {
            throw new WarrenException("scanning " + broker.deadQueue() + " failed: " + e.getMessage(), e);
        } finally {
            // on a failure the unacknowledged messages are requeued by the channel's close
            if (ch != null && ch.isOpen()) {
                try { ch.close(); } catch (IOException | TimeoutException | RuntimeException ignored) { }
            }
        }
        awaitCountAtLeast(kept, 2_000);
    }

    /** Until the queue counts at least {@code n} messages again, or {@code maxMs} passed (others may take some). */
    private void awaitCountAtLeast(long n, long maxMs) {
        long end = System.nanoTime() + maxMs * 1_000_000;
        while (n > 0 && count() < n && System.nanoTime() < end) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
