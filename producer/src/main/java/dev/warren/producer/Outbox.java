package dev.warren.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * {@link Link}'s bookkeeping of the publish channel: publish sequence number → task until the broker confirms
 * it, and the tasks that wait for a connection. Confirms arrive on an amqp-client thread while publishes run
 * under Link's publish lock; {@link #hold}, {@link #takeForRepublish} and {@link #clear} must be called under it.
 */
final class Outbox {
    private final ConcurrentSkipListMap<Long, Pending<?>> unconfirmed = new ConcurrentSkipListMap<>();
    private final List<Pending<?>> waiting = new ArrayList<>(); // guarded by Link's publish lock

    /** The task went out with this sequence number. */
    void sent(long seq, Pending<?> task) { unconfirmed.put(seq, task); }

    /** Forgets a sequence number whose publish failed. */
    void unsent(long seq) { unconfirmed.remove(seq); }

    /** Keeps a task until the connection is back. */
    void hold(Pending<?> task) { waiting.add(task); }

    /** Removes and returns the tasks a confirm (ack or nack) of {@code seq} covers, in publish order. */
    List<Pending<?>> confirm(long seq, boolean multiple) {
        if (!multiple) {
            Pending<?> p = unconfirmed.remove(seq);
            return p == null ? List.of() : List.of(p);
        }
        var head = unconfirmed.headMap(seq, true);
        List<Pending<?>> done = new ArrayList<>(head.values());
        head.clear();
        return done;
    }

    /**
     * After a reconnection: every task sent but not confirmed (the new channel's broker forgot those sequence
     * numbers), then the waiting ones, in that order; leaves both empty.
     */
    List<Pending<?>> takeForRepublish() {
        List<Pending<?>> redo = new ArrayList<>(unconfirmed.values());
        redo.addAll(waiting);
        unconfirmed.clear();
        waiting.clear();
        return redo;
    }

    /** Drops everything (the broker is given up on); returns how many tasks it held. */
    int clear() {
        int n = unconfirmed.size() + waiting.size();
        unconfirmed.clear();
        waiting.clear();
        return n;
    }

    int size() { return unconfirmed.size() + waiting.size(); }
}
