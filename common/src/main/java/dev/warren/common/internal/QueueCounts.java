package dev.warren.common.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.warren.common.Protocol;
import java.io.IOException;

/**
 * What a passive {@code queue.declare} tells about the task queue and its dead-letter queue, on any
 * AMQP 0-9-1 broker: messages ready and consumers. (Unacknowledged messages are not in the answer; only
 * RabbitMQ's management plugin knows them.) A null count means the queue does not exist (or could not be read).
 *
 * @param ready     messages ready in {@code <queue>}
 * @param consumers consumers of {@code <queue>}
 * @param dead      messages in {@code <queue>.dead}
 */
public record QueueCounts(Long ready, Long consumers, Long dead) {
    /** Reads the counts, each declare on its own short-lived channel (a missing queue closes the channel). */
    public static QueueCounts read(Connection connection, String queue) {
        AMQP.Queue.DeclareOk task = inspect(connection, queue);
        AMQP.Queue.DeclareOk dead = inspect(connection, queue + Protocol.DEAD_SUFFIX);
        return new QueueCounts(task == null ? null : (long) task.getMessageCount(),
                task == null ? null : (long) task.getConsumerCount(), dead == null ? null : (long) dead.getMessageCount());
    }

    /** The passive declare's answer, or null when the queue does not exist. */
    public static AMQP.Queue.DeclareOk inspect(Connection connection, String queue) {
        Channel ch = null;
        try {
            ch = connection.createChannel();
            return ch.queueDeclarePassive(queue);
        } catch (IOException | RuntimeException e) {
            return null;
        } finally {
            if (ch != null && ch.isOpen()) {
                try { ch.close(); } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException ignored) { }
            }
        }
    }
}
