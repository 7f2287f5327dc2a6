package dev.warren.worker.supervisor;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps N child JVMs alive, one per slot. Plain Java, no Micronaut. The parts, each with one job (the package-info
 * draws how they connect): {@link ChildSpawner} starts a process, {@link PoolEventHandler} takes its events,
 * {@link ChildRecycler} replaces children one at a time, {@link SlotRestarter} refills a slot after an exit,
 * {@link StartFailures} gives up on children that cannot start, {@link ChildExits} reports an exit,
 * {@link CrashNoteCache} keeps crash notes for new children, {@link PoolHardLimit} kills overrunning tasks,
 * {@link PoolCancelKill} kills a child whose task ignores an interrupting cancel,
 * {@link PoolDrain} ends the pool.
 *
 * <p>Thread-safe. State lives in {@link PoolState}, whose monitor is the pool lock; listeners are called outside it.
 */
final class ChildPool implements AutoCloseable, PoolEventHandler.Lifecycle, ChildRecycler.Pool {
    private static final Logger log = LoggerFactory.getLogger(ChildPool.class);
    private final PoolOptions options;
    private final PoolState state;
    private final ScheduledExecutorService scheduler;
    private final ChildSpawner spawner;
    private final CrashNoteCache notes = new CrashNoteCache();
    private final PoolEventHandler events;
    private final ChildRecycler recycler;
    private final SlotRestarter restarter;
    private final StartFailures startFailures;
    private final ChildExits exits;
    private final PoolCancelKill cancelKill;
    private final PoolSpares spares;

    /** A pool without spare children. */
    ChildPool(PoolOptions options, List<PoolListener> listeners) { this(options, listeners, 0); }

    /** @param spares warm spare children to keep beside the slots ({@link PoolSpares}) */
    ChildPool(PoolOptions options, List<PoolListener> listeners, int spares) {
        this.options = options;
        this.state = new PoolState(options.children());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warren-pool");
            t.setDaemon(true);
            return t;
        });
        PoolListeners all = new PoolListeners(listeners);
        this.spawner = new ChildSpawner(options, runBoundsMs(options));
        this.events = new PoolEventHandler(this, all);
        this.recycler = new ChildRecycler(state, this);
        this.restarter = new SlotRestarter(state, scheduler, this::spawn);
        this.startFailures = new StartFailures(options.maxStartFailures());
        this.spares = new PoolSpares(state, scheduler, spares, this::startSpare);
        this.exits = new ChildExits(state, recycler, restarter, startFailures, notes, all, this.spares::exited);
        this.cancelKill = new PoolCancelKill(options.cancelGrace(), this::aliveChildren, scheduler, notes);
    }

    /** An interrupting cancel arrived: the child still running that task after the grace period is killed. */
    void cancelled(dev.warren.common.internal.ControlMessage.Cancel cancel) { cancelKill.cancelled(cancel); }
    /** The run-time histogram's bounds: {@link TaskBuckets#configured()}, else the defaults reaching the limits. */
    static long[] runBoundsMs(PoolOptions options) {
        return TaskBuckets.run(TaskBuckets.configured(), options.hardTimeLimit(), options.template().softTimeLimitMs());
    }

    /** Starts a child in every slot. Idempotent; does nothing once the pool drains. */
    void start() {
        synchronized (state) {
            if (state.started || state.closed()) return;
            state.started = true;
            for (PoolSlot s : state.slots) spawn(s);
            spares.fill();
        }
        if (!options.hardTimeLimit().isZero()) {
            long tick = Math.max(50, Math.min(1000, options.hardTimeLimit().toMillis() / 10));
            PoolHardLimit hard = new PoolHardLimit(options.hardTimeLimit(), this::aliveChildren);
            scheduler.scheduleWithFixedDelay(hard, tick, tick, TimeUnit.MILLISECONDS);
        }
    }

    int size() { return state.slots.length; }

    /** Children that are running (in any state). */
    int aliveCount() {
        synchronized (state) { return state.alive.size(); }
    }

    /** Children that are ready and consuming tasks. */
    int consumingCount() {
        synchronized (state) { return (int) state.alive.stream().filter(ChildProcess::consuming).count(); }
    }

    boolean draining() {
        synchronized (state) { return state.draining; }
    }

    /** Whether the pool gave up after too many start failures in a row ({@link StartFailures}). */
    boolean gaveUp() {
        synchronized (state) { return state.gaveUp; }
    }

    /** The streak of children that could not start, or null when the last child to finish starting became ready. */
    StartFailures.Streak startFailures() {
        synchronized (state) { return startFailures.streak(); }
    }

    /** Every running child, by slot then age. */
    List<PoolChildView> snapshot() {
        List<PoolChildView> views = new ArrayList<>();
        synchronized (state) {
            for (ChildProcess c : state.alive) views.add(c.view());
        }
        views.sort(Comparator.comparingInt(PoolChildView::slot).thenComparing(v -> -v.uptimeMs()));
        return views;
    }

    /**
     * Stops the pool: sends {@code drain} to every child, waits up to {@code timeout} for them to exit, then kills
     * what is left. No child is started afterwards.
     *
     * @return true when every child exited on its own within the timeout
     */
    boolean drain(Duration timeout) {
        return PoolDrain.run(state, restarter, recycler, scheduler, timeout);
    }

    /** Kills every child at once and stops restarting. */
    @Override
    public void close() {
        drain(Duration.ZERO);
    }

    private List<ChildProcess> aliveChildren() {
        synchronized (state) { return state.aliveCopy(); }
    }

    // ---- called with the pool lock held

    /** Starts a child in the slot; when the process cannot be started, retries after a backoff. */
    @Override
    public void spawn(PoolSlot slot) {
        slot.restart = null;
        if (state.closed()) return;
        for (ChildProcess next = spares.take(); next != null; next = spares.take()) {
            ChildProcess spare = next;
            // what a new child would read on stdin: a note cached after the spare started may have gone out on the
            // control exchange before it listened there (a cancel's note is cached just before its child is killed)
            for (String n : notes.lines()) spare.send(n);
            if (spare.takeSlot(slot.index)) {
                ChildProcessIo.withChild(spare, () -> log.info("spare {} takes {}", spare, slot));
                slot.active = spare;
                spares.fill();
                return;
            }
            spare.slot = ChildProcess.NO_SLOT; // it died: its exit is on its way
        }
        String id = spawner.nextId();
        ChildProcess child;
        try {
            child = spawner.start(id, slot.index, notes.lines());
        } catch (IOException e) {
            restarter.afterSpawnFailure(slot, id, e);
            return;
        }
        slot.active = child;
        state.alive.add(child);
        ChildSpawner.watch(child, events, exits::onExit);
    }

    private ChildProcess startSpare() throws IOException {
        ChildProcess child = spawner.start(spawner.nextId(), ChildProcess.NO_SLOT, notes.lines(), true);
        state.alive.add(child);
        ChildSpawner.watch(child, events, exits::onExit);
        return child;
    }

    @Override
    public void spareConnected(ChildProcess c) {
        synchronized (state) {
            spares.connected(c);
            if (state.closed()) PoolDrain.send(c);
        }
    }

    @Override
    public void drain(ChildProcess c) {
        PoolDrain.markDraining(c);
        PoolDrain.send(c);
    }

    // ---- lifecycle events (the child's reader thread)

    @Override
    public void ready(ChildProcess c) {
        synchronized (state) {
            if (c.state == ChildProcess.State.STARTING) c.state = ChildProcess.State.CONSUMING;
            PoolSlot slot = state.slotOf(c);
            if (slot.active != c) return;
            startFailures.ready();
            recycler.ready(slot);
        }
    }

    @Override
    public void recycle(ChildProcess c, String reason) {
        synchronized (state) { recycler.request(c, reason); }
    }
}
