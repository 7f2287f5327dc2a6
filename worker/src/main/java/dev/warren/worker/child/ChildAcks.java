package dev.warren.worker.child;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The child's acks, several in one {@code basic.ack(multiple=true)} where that cannot ack anything early.
 * Every delivery is {@link #delivered registered} as it arrives; a delivery whose outcome is settled (its
 * reply confirmed, its dead letter confirmed, ...) is marked {@link #ready}, and {@link #flush} acks: the
 * longest run of ready deliveries from the oldest unsettled one with one multiple ack (a multiple ack covers
 * every unacked tag up to it, so only a run with no unsettled tag in it may go that way), then every other
 * ready delivery on its own, so a delivery held back (its reply waiting for a missing queue, its crash note
 * awaited) never holds up the acks of the ones after it. Under load the broker's confirms come with
 * {@code multiple} too, and one confirm frame becomes one ack frame.
 *
 * <p>At-least-once holds because only a settled delivery is ever marked ready. Thread-safe: deliveries
 * register on the main loop as it takes them from amqp-client (in tag order; a delivery not registered yet has a
 * higher tag than every registered one, so no multiple ack covers it), confirms mark and flush on the connection's
 * thread, the main loop and the watchdog ack directly; the channel calls are made under this object's monitor, so a
 * reject is always sent before a multiple ack that follows it.
 */
final class ChildAcks {
    private final Channel channel;
    private final Consumer<String> fail;
    // the unsettled delivery tags, ascending, in tags[0..size); ready[i] when tags[i] may be acked
    private long[] tags = new long[16];
    private boolean[] ready = new boolean[16];
    private int size;
    private int readyCount;
    private long ackFrames;
    private long acked;

    /** @param fail called with a description when a channel operation fails (the child halts) */
    ChildAcks(Channel channel, Consumer<String> fail) {
        this.channel = channel;
        this.fail = fail;
    }

    /** A delivery arrived (tags only grow on a channel). */
    synchronized void delivered(long tag) {
        if (size == tags.length) {
            tags = Arrays.copyOf(tags, size * 2);
            ready = Arrays.copyOf(ready, size * 2);
        }
        tags[size] = tag;
        ready[size] = false;
        size++;
    }

    /** The delivery's outcome is settled: it may be acked at the next {@link #flush}. */
    synchronized void ready(long tag) {
        int i = Arrays.binarySearch(tags, 0, size, tag);
        if (i < 0) {
            sendAck(tag, false, 1); // not registered (a test channel, or acked outside the consumer): ack alone
            return;
        }
        if (!ready[i]) {
            ready[i] = true;
            readyCount++;
        }
    }

    /** Acks one delivery now. */
    synchronized void ack(long tag) {
        ready(tag);
        flush();
    }

    /** Sends the acks of every ready delivery: the leading run in one frame, the others one by one. */
    synchronized void flush() {
        if (readyCount == 0) return;
        int run = 0;
        while (run < size && ready[run]) run++;
        if (run > 0) sendAck(tags[run - 1], run > 1, run);
        int kept = 0;
        for (int i = run; i < size; i++) {
            if (ready[i]) {
                sendAck(tags[i], false, 1);
            } else {
                tags[kept] = tags[i];
                ready[kept] = false;
                kept++;
            }
        }
        size = kept;
        readyCount = 0;
    }

    /** Rejects a delivery (requeue or not); it needs no ack any more. */
    synchronized void reject(long tag, boolean requeue) {
        int i = Arrays.binarySearch(tags, 0, size, tag);
        if (i >= 0) {
            if (ready[i]) readyCount--;
            System.arraycopy(tags, i + 1, tags, i, size - i - 1);
            System.arraycopy(ready, i + 1, ready, i, size - i - 1);
            size--;
        }
        try {
            channel.basicReject(tag, requeue);
        } catch (IOException | RuntimeException e) {
            fail.accept("reject failed: " + e);
        }
    }

    /** Deliveries neither acked nor rejected yet. */
    synchronized int unsettled() { return size; }

    /** Ack frames sent and deliveries they acked (for the bench's notes and tests). */
    synchronized long[] counts() { return new long[] {ackFrames, acked}; }

    private void sendAck(long tag, boolean multiple, int n) {
        ackFrames++;
        acked += n;
        try {
            channel.basicAck(tag, multiple);
        } catch (IOException | RuntimeException e) {
            fail.accept("ack failed: " + e);
        }
    }
}
