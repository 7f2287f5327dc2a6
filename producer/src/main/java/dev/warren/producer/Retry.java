package dev.warren.producer;

import com.rabbitmq.client.AMQP;
import dev.warren.common.Protocol;
import dev.warren.common.TaskError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The retry state of one task under a {@link RetryPolicy} with more than one attempt: the message to publish again
 * (kept after the confirm, unlike {@link Pending#message()}), the attempt number and how each attempt ended.
 * Thread-safe (error replies come on the AMQP thread, the re-publish on the timer).
 */
final class Retry {
    /** {@link #failed} result: no further attempt, complete the future with this error. */
    static final long FINAL = -1;
    /** {@link #failed} result: a retry is already scheduled; this reply is a duplicate of the attempt that failed. */
    static final long DUPLICATE = -2;

    final RetryPolicy policy;
    private final AMQP.BasicProperties props;
    private final byte[] body;
    private final List<RemoteTaskException.Attempt> history = new ArrayList<>();
    private int attempt = 1;
    private boolean scheduled;

    Retry(RetryPolicy policy, AMQP.BasicProperties props, byte[] body) {
        this.policy = policy;
        this.props = props;
        this.body = body;
    }

    /**
     * Records that the current attempt ended with {@code error}: the delay in ms before the next attempt, or
     * {@link #FINAL} when none may follow (attempts used up, an error not to retry, or the next one would start
     * after the task's {@code deadline}, epoch ms, 0 = none), or {@link #DUPLICATE}.
     */
    synchronized long failed(TaskError error, long deadline) {
        if (scheduled) return DUPLICATE;
        history.add(new RemoteTaskException.Attempt(attempt, error.type(), error.message()));
        if (attempt >= policy.maxAttempts() || !policy.retries(error)) return FINAL;
        long delay = policy.delay(attempt).toMillis();
        if (deadline > 0 && System.currentTimeMillis() + delay >= deadline) return FINAL;
        scheduled = true;
        return delay;
    }

    /** The message of the next attempt: the same one with {@code warren-producer-attempt} = its number and a fresh crash count. */
    synchronized Pending.Message next() {
        attempt++;
        scheduled = false;
        Map<String, Object> h = new HashMap<>(props.getHeaders() == null ? Map.of() : props.getHeaders());
        h.put(Protocol.H_PRODUCER_ATTEMPT, attempt);
        h.put(Protocol.H_ATTEMPT, 1);
        return new Pending.Message(props.builder().headers(h)
                .timestamp(new java.util.Date()).build(), body);
    }

    synchronized int attempt() { return attempt; }

    /** Every attempt so far, the failed ones and then the one ending with {@code last} if it is not recorded yet. */
    synchronized List<RemoteTaskException.Attempt> history() { return List.copyOf(history); }
}
