package dev.warren.producer;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon thread factories, so a thread dump says which thread belongs to whom. */
final class Threads {
    private Threads() {}

    /** Prefix of the AMQP client's own threads (I/O loop and consumer dispatch). */
    static final String AMQP_PREFIX = "warren-amqp-";
    /** Prefix of the internal completion pool's threads. */
    static final String COMPLETION_PREFIX = "warren-complete-";

    static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
