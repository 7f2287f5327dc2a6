package dev.warren.producer;

import com.rabbitmq.client.BlockedListener;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard that makes blocking socket I/O safe for the producer's connection: a write that has not returned
 * within {@code stallTimeout} (and the broker did not say it blocks publishers) closes the socket.
 *
 * <p>Why it is needed: with amqp-client's blocking frame handler a write to a peer that stopped reading (a network
 * partition, a frozen broker) blocks in {@code SocketOutputStream.write} while holding the channel's lock. The
 * client's own heartbeat check then notices the silence but wedges too: its shutdown takes each channel's lock
 * before it closes the socket, so recovery never starts. Closing the socket from another thread is the one thing
 * that unblocks the write (it throws), after which the reader sees the closed socket and recovery runs as after any
 * lost connection. {@code connection.abort()} is no substitute: it writes a close frame under the same stream lock.
 *
 * <p>Every writer of the producer's connection marks its writes ({@link #begin}/{@link #end}, one slot per
 * writer, each used by one thread at a time: publishes under the publish lock, reply acks under the ack lock,
 * control messages on their own thread); amqp-client's heartbeat frames are not marked, but a heartbeat
 * stuck in a write holds the stream lock, so the next marked write stalls behind it and is seen. While the broker
 * has blocked the connection (a memory or disk alarm: it stops reading on purpose) stalls are not counted.
 * {@link #check()} runs every {@link #PERIOD_MS} ms on a thread of its own ({@link #start}): not on the executor's
 * timer, whose ack flushes are among the writes it watches. Thread-safe.
 */
final class WriteWatch implements BlockedListener {
    private static final Logger log = LoggerFactory.getLogger(WriteWatch.class);

    /** Writer slots. */
    static final int PUBLISH = 0;
    static final int ACK = 1;
    static final int CONTROL = 2;
    private static final int SLOTS = 3;
    static final long PERIOD_MS = 250;

    private final String clientId;
    private final long stallNanos;
    /** Per slot, when its write began ({@link System#nanoTime}), or 0 when none is in progress. */
    private final AtomicLongArray since = new AtomicLongArray(SLOTS);
    private volatile Socket socket;
    private volatile boolean blocked;
    private volatile int aborts;
    private volatile Thread thread;

    WriteWatch(String clientId, Duration stallTimeout) {
        this.clientId = clientId;
        this.stallNanos = stallTimeout.toNanos();
    }

    /**
     * The stall timeout for a connection with this heartbeat: the heartbeat interval (amqp-client itself gives up
     * on a silent broker after twice that), 10 s without heartbeats; never under 2 s.
     */
    static Duration stallTimeoutFor(Duration heartbeat) {
        if (heartbeat == null || heartbeat.isZero() || heartbeat.isNegative()) return Duration.ofSeconds(10);
        return heartbeat.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : heartbeat;
    }

    /** The socket of the (new) connection; amqp-client's socket configurator calls it before connecting. */
    void attach(Socket s) {
        socket = s;
        blocked = false;
    }

    /** Marks the start of a write in {@code slot} (each slot has one writer at a time: its caller's lock). */
    void begin(int slot) {
        since.set(slot, System.nanoTime() | 1); // never 0, which means "none"
    }

    /** Ends the write {@link #begin} marked. */
    void end(int slot) {
        since.set(slot, 0);
    }

    /** Closes the socket when a write has stalled past the timeout; true when it did. */
    boolean check() {
        if (blocked) return false;
        long now = System.nanoTime();
        for (int i = 0; i < SLOTS; i++) {
            long t = since.get(i);
            if (t != 0 && now - t > stallNanos) return abort(i, now - t);
        }
        return false;
    }

    private boolean abort(int slot, long stalledNanos) {
        Socket s = socket;
        if (s == null || s.isClosed()) return false;
        log.warn("client {}: a write to the broker ({}) has not returned for {} ms: closing the connection's socket"
                + " so that it reconnects", clientId, slot == PUBLISH ? "publish" : slot == ACK ? "ack" : "control",
                stalledNanos / 1_000_000);
        aborts++;
        try {
            s.close(); // unblocks the stuck write (SocketException); the reader then starts recovery
        } catch (IOException e) {
            log.debug("client {}: closing the stalled socket: {}", clientId, e.toString());
        }
        return true;
    }

    /** Starts the checking thread (once). */
    synchronized void start() {
        if (thread != null) return;
        Thread t = Threads.named("warren-watch-" + clientId + "-").newThread(() -> {
            while (thread == Thread.currentThread()) {
                check();
                java.util.concurrent.locks.LockSupport.parkNanos(PERIOD_MS * 1_000_000);
            }
        });
        thread = t;
        t.start();
    }

    /** Stops the checking thread; idempotent. */
    synchronized void close() {
        Thread t = thread;
        thread = null;
        if (t != null) java.util.concurrent.locks.LockSupport.unpark(t);
    }

    /** How often this watch closed a socket. */
    int aborts() { return aborts; }

    @Override public void handleBlocked(String reason) {
        log.warn("client {}: the broker blocks publishing ({}); writes may wait until it unblocks", clientId, reason);
        blocked = true;
    }

    @Override public void handleUnblocked() {
        log.info("client {}: the broker unblocked publishing", clientId);
        // a write that waited through the block starts its stall clock now
        long now = System.nanoTime() | 1;
        for (int i = 0; i < SLOTS; i++) {
            long t = since.get(i);
            if (t != 0) since.compareAndSet(i, t, now);
        }
        blocked = false;
    }
}
