package dev.warren.worker.supervisor;

import dev.warren.common.internal.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps N child JVMs alive: one per slot. Plain Java, no Micronaut.
 *
 * <pre>
 *  start() ─► spawn per slot ─► stdin: config line (pipe stays open)
 *                 │ stdout reader thread: events ─► state, listeners; recycle ─► spawn replacement first,
 *                 │                                 drain the old one when the replacement is ready
 *                 │ stderr reader thread: log + tail
 *                 ▼ exit ─► cause ─► listeners ─► restart the slot (now, or after backoff)
 *  ticker: kill a child whose task overran the hard time limit
 *  drain(timeout): "drain" to all, wait, kill the rest, never restart again
 * </pre>
 *
 * <p>Thread-safe. State changes happen under the pool's lock; listeners are called outside it.
 */
final class ChildPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChildPool.class);
    static final int CRASH_TAIL = 20;

    private final PoolOptions options;
    private final List<PoolListener> listeners = new CopyOnWriteArrayList<>();
    private final PoolSlot[] slots;
    private final Set<ChildProcess> alive = new LinkedHashSet<>();
    private final Deque<PoolSlot> recycleQueue = new ArrayDeque<>();
    private final AtomicInteger sequence = new AtomicInteger();
    /** Recent crash notes (epoch ms, JSON line): every new child gets them after its config line. */
    private final Deque<Map.Entry<Long, String>> notes = new ArrayDeque<>();
    private static final int MAX_NOTES = 100;
    private static final long NOTE_TTL_MS = 600_000;
    private final ScheduledExecutorService scheduler;
    private PoolSlot recycling;
    private boolean started;
    private boolean draining;

    ChildPool(PoolOptions options, List<PoolListener> listeners) {
        this.options = options;
        this.listeners.add(new PoolEventLog());
        this.listeners.addAll(listeners);
        this.slots = new PoolSlot[options.children()];
        for (int i = 0; i < slots.length; i++) slots[i] = new PoolSlot(i);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warren-pool");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts a child in every slot. Idempotent. */
    synchronized void start() {
        if (started || draining) return;
        started = true;
        for (PoolSlot s : slots) spawn(s);
        if (!options.hardTimeLimit().isZero()) {
            long tick = Math.max(50, Math.min(1000, options.hardTimeLimit().toMillis() / 10));
            PoolHardLimit hard = new PoolHardLimit(options.hardTimeLimit(), this::aliveChildren);
            scheduler.scheduleWithFixedDelay(hard, tick, tick, TimeUnit.MILLISECONDS);
        }
    }

    int size() { return slots.length; }

    /** Children that are running (in any state). */
    synchronized int aliveCount() { return alive.size(); }

    private synchronized List<ChildProcess> aliveChildren() { return new ArrayList<>(alive); }

    /** Children that are ready and consuming tasks. */
    synchronized int consumingCount() {
        return (int) alive.stream().filter(ChildProcess::consuming).count();
    }

    synchronized boolean draining() { return draining; }

    /** Every running child, by slot then age. */
    synchronized List<PoolChildView> snapshot() {
        List<PoolChildView> views = new ArrayList<>();
        for (ChildProcess c : alive) views.add(c.view());
        views.sort(Comparator.comparingInt(PoolChildView::slot).thenComparing(v -> -v.uptimeMs()));
        return views;
    }

    /**
     * Stops the pool: sends {@code drain} to every child, waits up to {@code timeout} for them to
     * exit, then kills what is left. No child is started afterwards.
     *
     * @return true when every child exited on its own within the timeout
     */
    boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ChildProcess> toDrain;
        synchronized (this) {
            draining = true;
            recycleQueue.clear();
            recycling = null;
            for (PoolSlot s : slots) {
                if (s.restart != null) s.restart.cancel(false);
            }
            toDrain = new ArrayList<>(alive);
        }
        scheduler.shutdownNow();
        for (ChildProcess c : toDrain) sendDrain(c);
        boolean clean = awaitNoneAlive(deadline);
        if (!clean) {
            List<ChildProcess> left;
            synchronized (this) { left = new ArrayList<>(alive); }
            for (ChildProcess c : left) {
                ChildProcessIo.withChild(c, () -> log.warn("did not drain within {} ms; killing it", timeout.toMillis()));
                c.process.destroyForcibly();
            }
            awaitNoneAlive(System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
        }
        return clean;
    }

    /** Kills every child at once and stops restarting. */
    @Override
    public void close() {
        drain(Duration.ZERO);
    }

    private synchronized boolean awaitNoneAlive(long deadlineNanos) {
        while (!alive.isEmpty()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) return false;
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return alive.isEmpty();
            }
        }
        return true;
    }

    private void sendDrain(ChildProcess c) {
        if (c.state != ChildProcess.State.EXITED) c.state = ChildProcess.State.DRAINING;
        c.drainSent = true;
        if (!c.send("drain")) log.debug("{} stdin already closed", c);
    }

    // ---- starting and restarting (under the lock)

    private void spawn(PoolSlot slot) {
        slot.restart = null;
        if (draining) return;
        String id = "child-" + sequence.incrementAndGet();
        ProcessBuilder pb = new ProcessBuilder(options.command());
        // credentials travel on the pipe only
        pb.environment().keySet().removeIf(k -> k.startsWith("WARREN_BROKER_"));
        ChildProcess child;
        try {
            child = new ChildProcess(id, slot.index, pb.start());
        } catch (IOException e) {
            slot.failures++;
            long delay = Math.max(PoolBackoff.FIRST_DELAY_MS, PoolBackoff.delayMs(slot.failures));
            log.error("cannot start {} in slot {}: {}; retrying in {} ms", id, slot.index, e.getMessage(), delay);
            slot.restart = scheduler.schedule(() -> restart(slot), delay, TimeUnit.MILLISECONDS);
            return;
        }
        slot.active = child;
        alive.add(child);
        String config;
        try {
            config = Json.MAPPER.writeValueAsString(options.configFor(id));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write child configuration", e);
        }
        child.send(config);
        pruneNotes();
        for (Map.Entry<Long, String> n : notes) child.send(n.getValue());
        child.stderrReader = ChildProcessIo.startThread(child, "err", () -> ChildProcessIo.pumpStderr(child));
        ChildProcessIo.startThread(child, "out", () -> {
            try {
                ChildProcessIo.readEvents(child, e -> onEvent(child, e));
            } finally {
                onExit(child);
            }
        });
        ChildProcessIo.withChild(child, () -> log.info("started {} in slot {}", child.id, slot.index));
        tell(l -> l.childStarted(child.id, child.pid));
    }

    private synchronized void restart(PoolSlot slot) {
        if (slot.active == null) spawn(slot);
    }

    // ---- recycling (under the lock)

    private void requestRecycle(ChildProcess c) {
        PoolSlot slot = slots[c.slot];
        if (draining || slot.active != c || slot.retiring != null) return;
        c.state = ChildProcess.State.RECYCLING;
        if (recycling == null) beginRecycle(slot);
        else if (!recycleQueue.contains(slot)) recycleQueue.add(slot);
    }

    private void beginRecycle(PoolSlot slot) {
        recycling = slot;
        slot.retiring = slot.active;
        slot.active = null;
        slot.failures = 0;
        log.info("recycling {}: starting its replacement first", slot.retiring);
        spawn(slot);
    }

    /** The replacement in {@code slot} is ready: drain the child it replaces and go on with the next recycle. */
    private void replacementReady(PoolSlot slot) {
        if (slot.retiring != null) sendDrain(slot.retiring);
        if (recycling == slot) {
            recycling = null;
            PoolSlot next;
            while ((next = recycleQueue.poll()) != null) {
                if (next.active != null && next.active.state == ChildProcess.State.RECYCLING && next.retiring == null) {
                    beginRecycle(next);
                    break;
                }
            }
        }
    }

    // ---- events (child reader thread)

    private void onEvent(ChildProcess c, ChildProcessEvent e) {
        switch (e.ev()) {
            case ChildProcessEvent.READY -> {
                synchronized (this) {
                    if (c.state == ChildProcess.State.STARTING) c.state = ChildProcess.State.CONSUMING;
                    PoolSlot slot = slots[c.slot];
                    if (slot.active == c) replacementReady(slot);
                }
                tell(l -> l.childReady(c.id, c.pid));
            }
            case ChildProcessEvent.START -> {
                c.taskStartedNanos = System.nanoTime();
                c.taskName = e.task();
                c.taskId = e.id();
                tell(l -> l.taskStarted(c.id, c.pid, e));
            }
            case ChildProcessEvent.END -> {
                c.taskId = null;
                c.taskName = null;
                c.tasksDone++;
                tell(l -> l.taskEnded(c.id, c.pid, e));
            }
            case ChildProcessEvent.RECYCLE -> {
                log.info("asks to be recycled: {}", e.reason());
                synchronized (this) {
                    c.recycleReason = e.reason() == null ? "unknown" : e.reason();
                    requestRecycle(c);
                }
            }
            case ChildProcessEvent.DEAD -> tell(l -> l.deadLettered(c.id, c.pid, e));
            case ChildProcessEvent.EXITING -> tell(l -> l.childExiting(c.id, c.pid, e));
            default -> log.debug("unknown event {} from {}", e.ev(), c);
        }
    }

    /** Calls every listener; one that throws is logged and does not stop the others or the pool. */
    private void tell(java.util.function.Consumer<PoolListener> call) {
        for (PoolListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                log.warn("pool listener {} failed: {}", l.getClass().getSimpleName(), e.toString(), e);
            }
        }
    }

    // ---- crash notes on stdin: a replacement started after a note went out on the exchange never sees it there

    private synchronized void shareNote(PoolExit exit) {
        String line = new String(SupervisorCrashNotes.note(exit).encode(), java.nio.charset.StandardCharsets.UTF_8);
        notes.addLast(Map.entry(System.currentTimeMillis(), line));
        pruneNotes();
        for (ChildProcess other : alive) {
            other.send(line); // the dead child's pipe is closed: send() just returns false
        }
    }

    private void pruneNotes() {
        long oldest = System.currentTimeMillis() - NOTE_TTL_MS;
        while (!notes.isEmpty() && (notes.size() > MAX_NOTES || notes.peekFirst().getKey() < oldest)) notes.removeFirst();
    }

    // ---- exits (child reader thread)

    private void onExit(ChildProcess c) {
        int code;
        try {
            code = c.process.waitFor();
            c.stderrReader.join(2000); // the stderr tail is complete before the exit is reported
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = -1;
        }
        String taskId = c.taskId;
        String taskName = c.taskName;
        PoolExit exit;
        synchronized (this) {
            PoolSlot slot = slots[c.slot];
            PoolExitCause cause = PoolExitCause.classify(code, c.killedForHardLimit,
                    slot.retiring == c || c.recycleReason != null, draining, c.drainSent);
            boolean restart = false;
            if (slot.retiring == c) {
                slot.retiring = null;
            } else if (slot.active == c) {
                slot.active = null;
                if (!draining) {
                    restart = true;
                    long delay = slot.restartDelayMs(cause, c.uptime());
                    if (delay == 0) spawn(slot);
                    else slot.restart = scheduler.schedule(() -> restart(slot), delay, TimeUnit.MILLISECONDS);
                    if (delay > 0) log.warn("slot {} keeps failing; next start in {} ms", slot.index, delay);
                }
            }
            if (recycling == slot && slot.retiring == null && slot.active == null && !restart) recycling = null;
            recycleQueue.remove(slot);
            c.state = ChildProcess.State.EXITED;
            exit = new PoolExit(c.id, c.pid, code, PoolExit.signalName(code), cause, taskId, taskName, c.uptime(),
                    c.stderrTail(CRASH_TAIL), restart);
        }
        if (SupervisorCrashNotes.worthANote(exit)) shareNote(exit);
        tell(l -> l.childExited(exit));
        synchronized (this) {
            alive.remove(c); // only now, so that a drain returns after every exit was reported
            notifyAll();
        }
    }
}
