package dev.warren.producer;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Task ids: UUIDs (version 4 layout) made of 64 random bits drawn once per executor and a counter that starts at a
 * random value. Unique within an executor by construction and, across executors, as unlikely to collide as two
 * random 64-bit draws; without {@link UUID#randomUUID()}'s SecureRandom read per task, which was a tenth of the
 * producer's submit path. Thread-safe.
 */
final class TaskIds {
    private final long high;
    private final AtomicLong counter;

    TaskIds() {
        SecureRandom r = new SecureRandom();
        this.high = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
        this.counter = new AtomicLong(r.nextLong());
    }

    String next() {
        long low = (counter.getAndIncrement() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(high, low).toString();
    }
}
