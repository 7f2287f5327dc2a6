package dev.warren.worker.supervisor;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.warren.common.Protocol;
import dev.warren.common.internal.ControlMessage;
import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's ear on the control exchange {@code <queue>.control}: a private, auto-deleted queue bound to it,
 * whose cancels go to the pool ({@link PoolCancelKill}). Unreadable messages and other ops are ignored. If the
 * channel cannot be opened the pool runs without the grace kill (logged): interrupting cancels still reach the
 * children.
 */
final class SupervisorCancels {
    private static final Logger log = LoggerFactory.getLogger(SupervisorCancels.class);

    private SupervisorCancels() {}

    /** Starts listening on {@code connection}; the listener lives as long as the connection. */
    static void listen(Connection connection, String queue, Consumer<ControlMessage.Cancel> onCancel) {
        try {
            Channel ch = connection.createChannel();
            String q = ch.queueDeclare("", false, true, true, null).getQueue();
            ch.queueBind(q, queue + Protocol.CONTROL_SUFFIX, "");
            ch.basicConsume(q, true, "warren-supervisor-cancels", new DefaultConsumer(ch) {
                @Override public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) {
                    try {
                        ControlMessage.decode(body).ifPresent(m -> {
                            if (m instanceof ControlMessage.Cancel c) onCancel.accept(c);
                        });
                    } catch (RuntimeException e) {
                        log.debug("ignoring an unreadable control message: {}", e.toString());
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            log.warn("cannot listen on {}{}: cancelled tasks that ignore the interrupt will not be stopped: {}", queue,
                    Protocol.CONTROL_SUFFIX, e.toString());
        }
    }
}
