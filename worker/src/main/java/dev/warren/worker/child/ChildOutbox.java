package dev.warren.worker.child;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ReturnListener;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Confirmed publishing for a child, without waiting per message: each publish registers what to
 * do once the broker confirms it (typically: ack the task's delivery), so replies are pipelined
 * when prefetch &gt; 1. Publishes come from the child's main loop, and progress messages from the progress
 * timer: {@link #publish} is synchronized so a sequence number and its publish stay paired. Callbacks run on the
 * connection's dispatch thread.
 *
 * <p>A mandatory message the broker could not route is returned: RabbitMQ sends basic.return
 * before the basic.ack; Qpid Broker-J sends a basic.nack first and the return after it. So a
 * nacked mandatory message waits up to {@link #RETURN_WAIT_MS} for its return before it counts as lost.
 *
 * <p>A message stays in flight until its outcome has <em>run</em> (not merely been decided), so
 * {@link #isEmpty()} never reports an ack that has not been sent yet: a draining child may close its
 * connection once it is empty.
 */
final class ChildOutbox implements ConfirmListener, ReturnListener {
    /** What to do when the broker has answered. */
    interface Outcome {
        /** Confirmed; {@code returned} when a mandatory message found no queue. */
        void confirmed(boolean returned);

        /** The broker nacked (lost) the message. */
        void nacked();
    }

    static final long RETURN_WAIT_MS = 2000;

    private static final class Entry {
        final long seq;
        final String routingKey;
        final String correlationId;
        final boolean mandatory;
        final Outcome outcome;
        volatile boolean returned;
        volatile boolean nacked;

        Entry(long seq, String routingKey, String correlationId, boolean mandatory, Outcome outcome) {
            this.seq = seq;
            this.routingKey = routingKey;
            this.correlationId = correlationId;
            this.mandatory = mandatory;
            this.outcome = outcome;
        }
    }

    private static final java.util.concurrent.ScheduledExecutorService TIMER = DaemonTimer.named("warren-outbox-timer");

    private final Channel channel;
    private final ConcurrentNavigableMap<Long, Entry> pending = new ConcurrentSkipListMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Runnable onEmpty;
    private final Runnable afterSettle;

    /** @param onEmpty runs each time the last message in flight is settled (on the connection's or the return timer's thread) */
    ChildOutbox(Channel channel, Runnable onEmpty) throws IOException { this(channel, onEmpty, () -> { }); }

    /**
     * @param afterSettle runs after each confirm, nack or return has settled what it settles, before {@code onEmpty}
     *                    can see the outbox empty (the acks the outcomes marked go out there: {@link ChildAcks#flush})
     */
    ChildOutbox(Channel channel, Runnable onEmpty, Runnable afterSettle) throws IOException {
        this.channel = channel;
        this.onEmpty = onEmpty;
        this.afterSettle = afterSettle;
        channel.confirmSelect();
        channel.addConfirmListener(this);
        channel.addReturnListener(this);
    }

    synchronized void publish(String routingKey, AMQP.BasicProperties props, byte[] body, boolean mandatory, Outcome outcome)
            throws IOException {
        long seq = channel.getNextPublishSeqNo();
        inFlight.incrementAndGet();
        pending.put(seq, new Entry(seq, routingKey, props.getCorrelationId(), mandatory, outcome));
        channel.basicPublish("", routingKey, mandatory, props, body);
    }

    /** Nothing in flight: every publish has been confirmed, nacked or returned, and its outcome has run. */
    boolean isEmpty() { return inFlight.get() == 0; }

    @Override public void handleAck(long seq, boolean multiple) { settle(seq, multiple, true); }

    @Override public void handleNack(long seq, boolean multiple) { settle(seq, multiple, false); }

    private void settle(long seq, boolean multiple, boolean ack) {
        Map<Long, Entry> done = multiple ? pending.headMap(seq, true) : pending.subMap(seq, true, seq, true);
        int n = 0;
        try {
            for (Entry e : done.values()) {
                if (!ack && e.mandatory && !e.returned) {
                    e.nacked = true; // maybe unroutable (Qpid): give its return a moment to arrive
                    TIMER.schedule(() -> {
                        if (pending.remove(e.seq, e)) settledAlone(e, false);
                    }, RETURN_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
                    continue;
                }
                if (pending.remove(e.seq, e)) {
                    n++;
                    run(e, ack || e.returned);
                }
            }
        } finally {
            if (n > 0) done(n);
        }
    }

    private void settledAlone(Entry e, boolean confirmed) {
        try {
            run(e, confirmed);
        } finally {
            done(1);
        }
    }

    private static void run(Entry e, boolean confirmed) {
        if (confirmed) e.outcome.confirmed(e.returned);
        else e.outcome.nacked();
    }

    /** {@code n} outcomes have run: send what they marked, then count them out of flight. */
    private void done(int n) {
        try {
            afterSettle.run();
        } finally {
            if (inFlight.addAndGet(-n) == 0) onEmpty.run();
        }
    }

    @Override
    public void handleReturn(int replyCode, String replyText, String exchange, String routingKey,
                             AMQP.BasicProperties props, byte[] body) {
        for (Entry e : pending.values()) {
            if (!e.returned && e.routingKey.equals(routingKey)
                    && Objects.equals(e.correlationId, props.getCorrelationId())) {
                e.returned = true;
                if (e.nacked && pending.remove(e.seq, e)) settledAlone(e, true);
                return;
            }
        }
    }
}
