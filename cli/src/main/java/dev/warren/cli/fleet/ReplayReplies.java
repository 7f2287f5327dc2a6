package dev.warren.cli.fleet;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.warren.common.TaskError;
import dev.warren.common.WarrenException;
import dev.warren.common.internal.ReplyEnvelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A reply queue for replayed tasks: server-named, exclusive, deleted when the command ends. Their original callers
 * gave up long ago (the task failed when it was dead-lettered), so the replay's outcome comes back here and is shown
 * to the operator. A reply that arrives after the command ended finds no queue: the worker retries for ~24 s and then
 * dead-letters that task again as {@code warren.ReplyQueueMissing}. Thread-safe.
 */
public final class ReplayReplies implements AutoCloseable {
    /** One replayed task's outcome: {@code ok} with its JSON output, or the error's type and message. */
    public record Outcome(String taskId, boolean ok, String text) {}

    private final Channel channel;
    private final String queue;
    private final Map<String, Outcome> outcomes = new LinkedHashMap<>();
    private volatile Consumer<Outcome> onReply = o -> { };

    public ReplayReplies(BrokerAccess broker) {
        try {
            channel = broker.connection().createChannel();
            queue = channel.queueDeclare().getQueue();
            channel.basicConsume(queue, true, new DefaultConsumer(channel) {
                @Override public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] body) {
                    ReplyEnvelope r = ReplyEnvelope.decode(p, body);
                    if (r == null) return;
                    Outcome o;
                    if (r.ok()) {
                        o = new Outcome(r.taskId(), true, new String(r.body(), StandardCharsets.UTF_8));
                    } else {
                        TaskError e = r.error();
                        o = new Outcome(r.taskId(), false, e.type() + ": " + e.message());
                    }
                    synchronized (outcomes) {
                        if (outcomes.putIfAbsent(r.taskId(), o) != null) return;
                        outcomes.notifyAll();
                    }
                    onReply.accept(o);
                }
            });
        } catch (IOException e) {
            throw new WarrenException("cannot declare a reply queue for the replay: " + e.getMessage(), e);
        }
    }

    /** The queue the replayed tasks name as {@code reply_to}. */
    public String queue() { return queue; }

    /** Called (on the connection's thread) with each outcome as it arrives. */
    public void onReply(Consumer<Outcome> callback) { this.onReply = callback; }

    /** Waits until every one of {@code ids} was answered, or {@code timeoutMs} passed. @return the answers so far */
    public Map<String, Outcome> await(Collection<String> ids, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (outcomes) {
            while (!outcomes.keySet().containsAll(ids)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                TimeUnit.NANOSECONDS.timedWait(outcomes, left);
            }
            return Map.copyOf(outcomes);
        }
    }

    @Override public void close() {
        try {
            if (channel.isOpen()) channel.close();
        } catch (IOException | TimeoutException | RuntimeException ignored) {
            // the exclusive queue goes with the connection anyway
        }
    }
}
