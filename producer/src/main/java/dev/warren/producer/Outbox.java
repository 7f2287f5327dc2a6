package dev.warren.producer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link Link}'s bookkeeping of the publish channel: publish sequence number → task until the broker confirms
 * it, and the tasks that wait for a connection. Confirms arrive on an amqp-client thread while publishes run
 * under Link's publish lock; {@link #hold}, {@link #takeForRepublish} and {@link #clear} must be called under it.
 *
 * <p>Sequence numbers only grow and the broker confirms mostly in order, often many at once ({@code multiple}),
 * so the unconfirmed tasks live in a ring of two parallel arrays in sequence order: a publish appends, a confirm
 * pops from the head, and a confirm out of order leaves a hole that the head skips later. No node, boxed key or
 * list per task (a {@code ConcurrentSkipListMap} here was a twentieth of the producer's CPU). Its own monitor
 * guards the ring.
 */
final class Outbox {
    private long[] seqs = new long[1024];
    private Pending<?>[] tasks = new Pending<?>[1024];
    private int head; // index of the oldest entry
    private int count; // entries in the ring, holes included
    private int live; // entries that are not holes
    private final List<Pending<?>> waiting = new ArrayList<>(); // guarded by Link's publish lock

    /** The task went out with this sequence number (larger than every earlier one). */
    synchronized void sent(long seq, Pending<?> task) {
        if (count == seqs.length) grow();
        int i = (head + count) & (seqs.length - 1);
        seqs[i] = seq;
        tasks[i] = task;
        count++;
        live++;
    }

    /** Forgets a sequence number whose publish failed. */
    synchronized void unsent(long seq) {
        int i = find(seq);
        if (i >= 0) take(i);
        trim();
    }

    /** Keeps a task until the connection is back. */
    void hold(Pending<?> task) { waiting.add(task); }

    /** Removes and returns the tasks a confirm (ack or nack) of {@code seq} covers, in publish order. */
    List<Pending<?>> confirm(long seq, boolean multiple) {
        List<Pending<?>> done = new ArrayList<>();
        confirm(seq, multiple, done::add);
        return done;
    }

    /** Hands each task a confirm of {@code seq} covers to {@code each}, in publish order, after removing them. */
    void confirm(long seq, boolean multiple, Consumer<Pending<?>> each) {
        Pending<?> one = null;
        Pending<?>[] many = null;
        int n = 0;
        synchronized (this) {
            if (!multiple) {
                int i = find(seq);
                if (i >= 0) one = take(i);
                trim();
            } else {
                int mask = seqs.length - 1;
                while (count > 0 && seqs[head] <= seq) {
                    Pending<?> p = tasks[head];
                    if (p != null) {
                        if (many == null) many = new Pending<?>[Math.min(count, 64)];
                        else if (n == many.length) many = Arrays.copyOf(many, n * 2);
                        many[n++] = p;
                        tasks[head] = null;
                        live--;
                    }
                    head = (head + 1) & mask;
                    count--;
                }
            }
        }
        if (one != null) each.accept(one); // outside the monitor: the listener may take other locks
        for (int k = 0; k < n; k++) each.accept(many[k]);
    }

    /**
     * After a reconnection: every task sent but not confirmed (the new channel's broker forgot those sequence
     * numbers), then the waiting ones, in that order; leaves both empty.
     */
    synchronized List<Pending<?>> takeForRepublish() {
        List<Pending<?>> redo = new ArrayList<>(live + waiting.size());
        for (int k = 0; k < count; k++) {
            Pending<?> p = tasks[(head + k) & (seqs.length - 1)];
            if (p != null) redo.add(p);
        }
        redo.addAll(waiting);
        reset();
        waiting.clear();
        return redo;
    }

    /** Drops everything (the broker is given up on); returns how many tasks it held. */
    synchronized int clear() {
        int n = live + waiting.size();
        reset();
        waiting.clear();
        return n;
    }

    synchronized int size() { return live + waiting.size(); }

    private void reset() {
        Arrays.fill(tasks, null);
        head = 0;
        count = 0;
        live = 0;
    }

    /** The ring index holding {@code seq}, or -1; binary search, the ring being in sequence order. */
    private int find(long seq) {
        int lo = 0;
        int hi = count - 1;
        int mask = seqs.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long s = seqs[(head + mid) & mask];
            if (s < seq) lo = mid + 1;
            else if (s > seq) hi = mid - 1;
            else return tasks[(head + mid) & mask] == null ? -1 : (head + mid) & mask;
        }
        return -1;
    }

    private Pending<?> take(int i) {
        Pending<?> p = tasks[i];
        tasks[i] = null;
        live--;
        return p;
    }

    /** Drops holes at both ends. */
    private void trim() {
        int mask = seqs.length - 1;
        while (count > 0 && tasks[head] == null) {
            head = (head + 1) & mask;
            count--;
        }
        while (count > 0 && tasks[(head + count - 1) & mask] == null) count--;
    }

    private void grow() {
        int n = seqs.length;
        long[] s = new long[n * 2];
        Pending<?>[] t = new Pending<?>[n * 2];
        for (int k = 0; k < count; k++) {
            s[k] = seqs[(head + k) & (n - 1)];
            t[k] = tasks[(head + k) & (n - 1)];
        }
        seqs = s;
        tasks = t;
        head = 0;
    }
}
