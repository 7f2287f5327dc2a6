package dev.warren.producer;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import dev.warren.common.Protocol;
import dev.warren.common.internal.ControlMessage;
import dev.warren.common.internal.Topology;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's transport: one channel publishing tasks with confirms, one consuming replies, one (lazy) for
 * cancel messages. It reports replies and what became of each publish (confirmed, nacked, returned, failed, broker
 * lost, recovered) to its {@link LinkListener} and never completes a future itself.
 *
 * <p>Reconnection: the amqp-client recovers the connection and channels (topology recovery is off: this class
 * re-declares and re-subscribes itself). While disconnected, {@link #publish} keeps tasks in the {@link Outbox};
 * on recovery, under the publish lock, every task that was published but not confirmed (the broker forgot those
 * sequence numbers) and every waiting one are published again, except tasks that ended meanwhile (their message is
 * released). If the broker stays away longer than {@code brokerLossTimeout}, the outbox is dropped, the listener
 * hears {@link LinkListener#brokerLost} and {@link #broken()} is true until the connection comes back.
 *
 * <p>I/O: amqp-client's blocking frame handler (cheaper per frame than its NIO loop, and no hand-off to a write
 * thread: a publish is written on the caller's thread). A write into a partition would block for good while holding
 * the channel, and wedge the client's own shutdown; the {@link WriteWatch} closes the socket of a write stalled past
 * the heartbeat interval, which ends it, and recovery follows (docs/reliability.md). TLS connections use NIO.
 */
final class Link implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Link.class);
    /** Prefetch of the reply consumer: large, replies are tiny and handled fast. */
    static final int REPLY_PREFETCH = 2000;

    private final ProducerOptions options;
    private final LinkListener listener;
    private final ScheduledExecutorService timer;
    private final Object publishLock = new Object();
    private final Outbox outbox = new Outbox();
    private final WriteWatch watch;
    private volatile boolean connected;
    private volatile boolean broken;
    private long lossEpoch; // guarded by publishLock
    private volatile boolean closing;

    private Connection connection;
    private Topology topology;
    private Channel publishChannel;
    private Channel consumeChannel;
    private volatile ReplyConsumer consumer;
    private final ControlPublisher control;
    private ScheduledFuture<?> ackFlusher;

    Link(ProducerOptions options, LinkListener listener, ScheduledExecutorService timer) {
        this.options = options;
        this.listener = listener;
        this.timer = timer;
        this.watch = new WriteWatch(options.clientId(), WriteWatch.stallTimeoutFor(options.broker().heartbeat()));
        this.control = new ControlPublisher(options.clientId(), options.queue() + Protocol.CONTROL_SUFFIX, watch);
    }

    /** Connects, declares, subscribes. @throws BrokerUnavailableException when the broker cannot be reached */
    void open() {
        ConnectionFactory f = options.broker().connectionFactory();
        if (f.isSSL()) {
            // TLS: closing an SSLSocket sends close_notify and may wait for the lock a stuck writer holds, so the
            // watch might not unblock it; NIO's bounded write queue (a publish fails after 10 s) is the guard there
            f.useNio();
        } else {
            // blocking I/O (cheaper per frame than the NIO loop, no write hand-off), made safe by the WriteWatch
            f.setSocketConfigurator(f.getSocketConfigurator().andThen(watch::attach));
        }
        f.setTopologyRecoveryEnabled(false);
        f.setThreadFactory(Threads.named(Threads.AMQP_PREFIX + options.clientId() + "-"));
        try {
            connection = options.broker().connect(f, "warren-producer " + options.clientId()); // any live node, shuffled
        } catch (IOException | TimeoutException | RuntimeException e) {
            throw new BrokerUnavailableException("cannot connect to the broker at " + options.broker().maskedUri()
                    + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
        try {
            topology = new Topology(connection);
            declare();
            publishChannel = connection.createChannel();
            publishChannel.confirmSelect();
            publishChannel.addConfirmListener(new Confirms());
            publishChannel.addReturnListener(r -> {
                String id = r.getProperties() == null ? null : r.getProperties().getMessageId();
                if (id != null) listener.returned(id, r.getProperties().getType(), r.getReplyCode(), r.getReplyText(),
                        r.getRoutingKey());
            });
            consumeChannel = connection.createChannel();
            consumeChannel.basicQos(REPLY_PREFETCH);
            subscribe();
            connection.addShutdownListener(this::onShutdown);
            connection.addBlockedListener(watch);
            ((Recoverable) connection).addRecoveryListener(new Recovery());
            connected = true;
            ackFlusher = timer.scheduleWithFixedDelay(() -> { ReplyConsumer c = consumer; if (c != null) c.flush(); },
                    50, 50, TimeUnit.MILLISECONDS);
            if (!f.isSSL()) watch.start();
            log.info("client {}: connected to {} ({}), queue {}, reply queue {}", options.clientId(),
                    options.broker().maskedUri(), topology.capabilities(), options.queue(), options.replyQueue());
        } catch (IOException | RuntimeException e) {
            abort();
            if (e instanceof dev.warren.common.WarrenException w) throw w;
            throw new BrokerUnavailableException("cannot set up the producer on " + options.broker().maskedUri()
                    + ": " + e.getMessage(), e);
        }
    }

    private void declare() {
        if (options.declareTopology()) topology.declareTaskQueue(options.queue(), options.queueType());
        topology.declareReplyQueue(options.replyQueue(), options.replyQueueExpiry(), options.replyQueueType());
    }

    private void subscribe() throws IOException {
        ReplyConsumer c = new ReplyConsumer(consumeChannel, listener::replied, listener::progressed, this::resubscribeLater,
                watch);
        consumeChannel.basicConsume(options.replyQueue(), false, "warren-replies-" + options.clientId(), c);
        consumer = c;
    }

    /** Re-declares the reply queue and subscribes again, off the AMQP thread (blocking calls are not allowed there). */
    private void resubscribeLater() {
        if (closing) return;
        timer.execute(() -> {
            try {
                if (closing || !connection.isOpen()) return; // recovery will do it
                declare();
                subscribe();
            } catch (IOException | RuntimeException e) {
                log.error("client {}: could not re-subscribe to reply queue {}: {}", options.clientId(),
                        options.replyQueue(), e.toString());
            }
        });
    }

    boolean broken() { return broken; }
    boolean connected() { return connected; }
    Connection connection() { return connection; }
    WriteWatch watch() { return watch; }

    /** Publishes a task (or keeps it for after recovery); the listener hears what the broker made of it. */
    void publish(Pending<?> p) {
        synchronized (publishLock) {
            publishLocked(p);
        }
    }

    private void publishLocked(Pending<?> p) {
        if (!connected) {
            outbox.hold(p);
            return;
        }
        Pending.Message m = p.message();
        if (m == null) return; // confirmed or ended meanwhile: nothing to (re-)publish
        long seq = publishChannel.getNextPublishSeqNo();
        outbox.sent(seq, p);
        watch.begin(WriteWatch.PUBLISH);
        try {
            publishChannel.basicPublish("", options.queue(), true, m.props(), m.body());
        } catch (IOException e) {
            // the connection is going down: recovery re-publishes everything unconfirmed
            log.debug("client {}: publishing task {} failed ({}); re-published after recovery",
                    options.clientId(), p.taskId, e.toString());
        } catch (ShutdownSignalException e) {
            if (e.isHardError() || !connection.isOpen()) {
                log.debug("client {}: publishing task {} failed ({}); re-published after recovery",
                        options.clientId(), p.taskId, e.toString());
            } else {
                outbox.unsent(seq);
                listener.publishFailed(p, e);
            }
        } finally {
            watch.end(WriteWatch.PUBLISH);
        }
    }

    private final class Confirms implements ConfirmListener {
        private final java.util.function.Consumer<Pending<?>> confirmed = listener::confirmed;

        @Override public void handleAck(long seq, boolean multiple) {
            outbox.confirm(seq, multiple, confirmed);
        }

        @Override public void handleNack(long seq, boolean multiple) {
            outbox.confirm(seq, multiple, p -> listener.nacked(p, options.queue()));
        }
    }

    /** Tells the workers a task was cancelled (best effort; queued, never blocks: {@link ControlPublisher}). */
    void publishCancel(String taskId, long until, boolean interrupt) {
        if (!connected || closing) return;
        control.send(new ControlMessage.Cancel(taskId, until, interrupt), connection, () -> connected && !closing);
    }

    private void onShutdown(ShutdownSignalException cause) {
        if (cause.isInitiatedByApplication() || closing) return;
        long epoch;
        synchronized (publishLock) {
            connected = false;
            epoch = ++lossEpoch;
        }
        log.warn("client {}: lost the connection to {}: {}; reconnecting (giving up on pending tasks after {})",
                options.clientId(), options.broker().maskedUri(), cause.getMessage(), options.brokerLossTimeout());
        timer.schedule(() -> checkLoss(epoch), options.brokerLossTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkLoss(long epoch) {
        synchronized (publishLock) {
            if (connected || epoch != lossEpoch || closing) return;
            broken = true;
            outbox.clear();
        }
        listener.brokerLost(options.broker().maskedUri(), options.brokerLossTimeout());
    }

    private final class Recovery implements RecoveryListener {
        @Override public void handleRecoveryStarted(Recoverable r) { }

        @Override public void handleRecovery(Recoverable r) {
            try {
                declare();
                subscribe();
            } catch (IOException | RuntimeException e) {
                log.error("client {}: reconnected but could not re-declare or re-subscribe: {}", options.clientId(),
                        e.toString());
            }
            int n = 0;
            synchronized (publishLock) {
                List<Pending<?>> redo = outbox.takeForRepublish();
                connected = true;
                broken = false;
                for (Pending<?> p : redo) {
                    if (p.message() == null) continue; // ended while the broker was away
                    publishLocked(p);
                    n++;
                }
            }
            listener.recovered(options.broker().maskedUri(), n);
        }
    }

    /**
     * Cancels the consumer, deletes the reply queue (unless the client id is stable), closes the connection (and stops recovery). Called when the
     * executor terminates, so nothing is pending any more: a reply that still arrives has no one to go to.
     */
    @Override public void close() {
        control.close(); // the cancels of a shutdownNow go out before the connection closes
        closing = true;
        watch.close();
        if (ackFlusher != null) ackFlusher.cancel(false);
        ReplyConsumer c = consumer;
        if (c != null) c.flush();
        try {
            if (connection != null && connection.isOpen()) {
                if (c != null) consumeChannel.basicCancel(c.getConsumerTag());
                if (!options.stableClientId()) { // a stable id's replies outlive us, for a re-attach
                    try (Channel ch = connection.createChannel()) {
                        ch.queueDelete(options.replyQueue());
                    }
                }
                connection.close(5_000);
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            log.debug("client {}: closing: {}", options.clientId(), e.toString());
        } finally {
            abort(); // also stops automatic recovery of a connection that is down
        }
        log.info("client {}: closed", options.clientId());
    }

    private void abort() {
        closing = true;
        watch.close();
        if (connection != null) connection.abort(2_000);
    }
}
