package dev.warren.worker.child;

import com.rabbitmq.client.AMQP;
import dev.warren.common.Protocol;
import dev.warren.common.internal.Backoff;
import dev.warren.common.TaskError;
import dev.warren.common.WorkerInfo;
import dev.warren.common.internal.ControlMessage;
import dev.warren.common.internal.ReplyEnvelope;
import dev.warren.common.internal.TaskEnvelope;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a child publishes, and the acks that hang on it. A reply is published mandatory and its
 * task acked once the broker confirmed it; a reply the broker returns (its queue does not exist, e.g.
 * the producer has not re-declared it after a broker restart) is retried from the main loop for about
 * 24 s, the task unacked meanwhile, then the task is dead-lettered. Dead letters and re-published
 * tasks are confirmed, then acked; a nack requeues the delivery. Publishes come from the main loop
 * (or from the watchdog once the main loop is stuck in a task); acks run on the connection's thread
 * as confirms arrive, through {@link ChildAcks}: a confirm marks its delivery ready and the acks go out once
 * the confirm frame is settled, several in one {@code basic.ack(multiple)} where that is safe.
 */
final class ChildReplies {
    private static final Logger log = LoggerFactory.getLogger(ChildReplies.class);
    /** Waits before re-publishing a reply whose queue is missing: a producer re-declares it when it reconnects. */
    static final Backoff REPLY_RETRY = Backoff.exponential(Duration.ofMillis(250), Duration.ofSeconds(8));
    /** Re-publishes before the reply is dead-lettered as ReplyQueueMissing: 250 ms doubling to 8 s, ~24 s in all. */
    static final int REPLY_RETRIES = 7;
    private static final int MAX_HEADER_CHARS = 4096;

    private final ChildOutbox outbox;
    private final ChildAcks acks;
    private final ChildConnection connection;
    private final MainLoop loop;
    private final ChildEvents events;
    private final String queue;

    ChildReplies(ChildOutbox outbox, ChildAcks acks, ChildConnection connection, MainLoop loop, ChildEvents events,
                 String queue) {
        this.outbox = outbox;
        this.acks = acks;
        this.connection = connection;
        this.loop = loop;
        this.events = events;
        this.queue = queue;
    }

    /** Nothing in flight: every publish settled and its ack or reject sent. */
    boolean idle() { return outbox.isEmpty(); }

    /** Publishes a task's reply and acks the task once the reply is confirmed (see the class comment for returns). */
    void reply(Delivery d, TaskEnvelope env, ReplyEnvelope r) { reply(d, env, r, 0); }

    private void reply(Delivery d, TaskEnvelope env, ReplyEnvelope r, int retry) {
        publish(env.replyTo(), r.toProperties(), r.body(), true, new ChildOutbox.Outcome() {
            @Override public void confirmed(boolean returned) {
                if (!returned) {
                    acks.ready(d.tag()); // sent once the confirm frame is settled
                } else if (retry < REPLY_RETRIES) {
                    // the task stays unacked (not redelivered, not re-run) while the reply waits for its queue
                    loop.later(REPLY_RETRY.delayMs(retry + 1), () -> reply(d, env, r, retry + 1));
                } else {
                    loop.execute(() -> deadLetter(d, Protocol.E_REPLY_QUEUE_MISSING, "reply queue '" + env.replyTo()
                            + "' did not exist for " + totalRetryMs() / 1000 + " s; the result could not be delivered",
                            env.attempt(), env.task(), env.taskId()));
                }
            }

            @Override public void nacked() { requeue(d.tag()); }
        });
    }

    /** Publishes a progress message (transient, not mandatory; from the progress timer thread). */
    void progress(String replyTo, dev.warren.common.internal.ProgressMessage m) {
        publish(replyTo, m.toProperties(), m.body(), false, null);
    }

    /**
     * Publishes an error reply, mandatory like every reply (protocol.md section 3), without acking anything: the
     * delivery's fate is settled separately. A reply the broker returns is logged.
     */
    void answer(String replyTo, ReplyEnvelope r) {
        publish(replyTo, r.toProperties(), r.body(), true, new ChildOutbox.Outcome() {
            @Override public void confirmed(boolean returned) {
                if (returned) log.warn("error reply to {} was returned: the queue does not exist", replyTo);
            }

            @Override public void nacked() { log.warn("the broker nacked an error reply to {}", replyTo); }
        });
    }

    /** Publishes an answer (mandatory) and reports its outcome (the watchdog acks the task itself). */
    void answer(String replyTo, ReplyEnvelope r, ChildOutbox.Outcome outcome) {
        publish(replyTo, r.toProperties(), r.body(), true, outcome);
    }

    /** Answers a refused delivery where it can (see {@link Decision.DeadLetter#answered()}), then dead-letters it. */
    void refuse(Delivery d, Decision.DeadLetter refusal, WorkerInfo where) {
        log.warn("refusing message {} (task {}): {}: {}", refusal.taskId(), refusal.task(), refusal.reason(), refusal.detail());
        if (refusal.answered()) {
            TaskEnvelope env = refusal.env();
            // a crashed task's error carries the crashed process's stderr tail as its stack (protocol.md section 6)
            String stack = Protocol.E_WORKER_CRASHED.equals(refusal.reason())
                    ? ControlMessage.Crash.stderrTailOf(refusal.detail()) : "";
            answer(refusal.replyTo(), ReplyEnvelope.error(refusal.taskId(), new TaskError(refusal.reason(), refusal.detail(),
                    stack, refusal.attempt(), false), where, env == null ? null : env.traceparent(), env == null ? null : env.tracestate(),
                    env == null || env.persistent()));
        }
        deadLetter(d, refusal.reason(), refusal.detail(), refusal.attempt(), refusal.task(), refusal.taskId());
    }

    /** A confirmed copy to {@code <queue>.dead} with the reason headers, then the ack. */
    void deadLetter(Delivery d, String reason, String detail, int attempts, String task, String taskId) {
        Map<String, Object> set = new HashMap<>();
        set.put(Protocol.H_DEAD_REASON, reason);
        set.put(Protocol.H_DEAD_DETAIL, truncate(detail == null ? "" : detail));
        set.put(Protocol.H_DEAD_ATTEMPTS, attempts);
        set.put(Protocol.H_ORIGINAL_QUEUE, queue);
        set.put(Protocol.H_DEAD_AT, System.currentTimeMillis());
        events.dead(taskId, task, reason);
        // persistent and mandatory whatever the task was (protocol.md section 6): a missing dead-letter queue is said
        String dead = queue + Protocol.DEAD_SUFFIX;
        publish(dead, withHeaders(d.props(), set).builder().deliveryMode(2).build(), d.body(), true, new ChildOutbox.Outcome() {
            @Override public void confirmed(boolean returned) {
                if (returned) log.error("dead-letter queue {} does not exist: message {} ({}) is lost", dead, taskId, reason);
                ack(d.tag());
            }

            @Override public void nacked() { requeue(d.tag()); }
        });
    }

    /** Re-publishes the delivery to the task queue unchanged (a hand-back), confirmed, then acks it. */
    void handBack(Delivery d) { publishThenAck(queue, d.props(), d.body(), d.tag()); }

    /** Re-publishes a redelivered task as its next attempt, confirmed, then acks the delivery. */
    void nextAttempt(Delivery d, int attempt, String lastError) {
        Map<String, Object> set = new HashMap<>();
        set.put(Protocol.H_ATTEMPT, attempt);
        set.put(Protocol.H_LAST_ERROR, truncate(lastError));
        publishThenAck(queue, withHeaders(d.props(), set), d.body(), d.tag());
    }

    /** Acks one delivery now. Any thread. */
    void ack(long tag) { acks.ack(tag); }

    private void requeue(long tag) { acks.reject(tag, true); }

    private void publishThenAck(String routingKey, AMQP.BasicProperties props, byte[] body, long tag) {
        publish(routingKey, props, body, false, new ChildOutbox.Outcome() {
            @Override public void confirmed(boolean returned) { acks.ready(tag); }

            @Override public void nacked() { requeue(tag); }
        });
    }

    private void publish(String routingKey, AMQP.BasicProperties props, byte[] body, boolean mandatory,
                         ChildOutbox.Outcome outcome) {
        ChildOutbox.Outcome o = outcome != null ? outcome : new ChildOutbox.Outcome() {
            @Override public void confirmed(boolean returned) { }

            @Override public void nacked() { log.warn("the broker nacked a message to {}", routingKey); }
        };
        try {
            outbox.publish(routingKey, props == null ? new AMQP.BasicProperties() : props, body, mandatory, o);
        } catch (IOException | RuntimeException e) {
            connection.fail("publishing to " + routingKey + " failed: " + e);
        }
    }

    static AMQP.BasicProperties withHeaders(AMQP.BasicProperties props, Map<String, Object> set) {
        AMQP.BasicProperties p = props == null ? new AMQP.BasicProperties() : props;
        Map<String, Object> h = new HashMap<>(p.getHeaders() == null ? Map.of() : p.getHeaders());
        h.putAll(set);
        return p.builder().headers(h).build();
    }

    static long totalRetryMs() { return REPLY_RETRY.total(REPLY_RETRIES).toMillis(); }

    /** At most {@value #MAX_HEADER_CHARS} characters, then {@code …} (protocol.md sections 2.2 and 11). */
    static String truncate(String s) {
        return s.length() <= MAX_HEADER_CHARS ? s : s.substring(0, MAX_HEADER_CHARS) + "…";
    }
}
