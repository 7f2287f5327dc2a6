package dev.warren.producer;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.warren.common.internal.ControlMessage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes control messages (cancels) from one thread of its own: the caller only queues them, so a cancel never
 * blocks, not even on an interrupted thread (a channel opened or used there could wait minutes: amqp-client's RPC
 * waits and NIO's write queue do not cope well with interrupts; a blocking write that stalls is ended by the
 * {@link WriteWatch}). Best effort, in order; {@link #close} publishes
 * what is queued (up to 2 s) before the connection goes. Thread-safe.
 */
final class ControlPublisher {
    private static final Logger log = LoggerFactory.getLogger(ControlPublisher.class);

    private final String clientId;
    private final String exchange;
    private final ExecutorService thread;
    private final WriteWatch watch;
    private Channel channel; // the control thread's alone

    ControlPublisher(String clientId, String exchange, WriteWatch watch) {
        this.clientId = clientId;
        this.watch = watch;
        this.exchange = exchange;
        this.thread = Executors.newSingleThreadExecutor(Threads.named("warren-control-" + clientId + "-"));
    }

    /** Queues a message; it is dropped (DEBUG) when {@code up} is false as its turn comes, or after close. */
    void send(ControlMessage message, Connection connection, BooleanSupplier up) {
        try {
            thread.execute(() -> publish(message, connection, up));
        } catch (RejectedExecutionException e) {
            log.debug("client {}: closed; not publishing {} {}", clientId, message.op(), message.id());
        }
    }

    private void publish(ControlMessage m, Connection connection, BooleanSupplier up) {
        if (!up.getAsBoolean()) {
            log.debug("client {}: disconnected; dropping {} of task {}", clientId, m.op(), m.id());
            return;
        }
        try {
            if (channel == null || !channel.isOpen()) channel = connection.createChannel();
            watch.begin(WriteWatch.CONTROL);
            channel.basicPublish(exchange, "", false, m.properties(), m.encode());
        } catch (Exception e) {
            log.warn("client {}: could not publish the {} of task {}: {}", clientId, m.op(), m.id(), e.toString());
        } finally {
            watch.end(WriteWatch.CONTROL);
        }
    }

    /** Publishes what is queued (waiting up to 2 s), then stops the thread. Idempotent. */
    void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(2, TimeUnit.SECONDS)) thread.shutdownNow();
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
