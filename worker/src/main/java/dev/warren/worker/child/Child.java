package dev.warren.worker.child;

import dev.warren.common.ExitCode;
import dev.warren.common.Protocol;
import dev.warren.common.internal.Decoded;
import dev.warren.common.internal.TaskEnvelope;
import dev.warren.worker.TaskRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A child: wires its parts and runs the main loop (see the package's data-flow sketch). Each
 * delivery is decoded, {@link DeliveryTriage} decides what to do with it, and this class carries the
 * decision out on the main loop. Crash-only: a lost connection ends the process.
 */
final class Child {
    private static final Logger log = LoggerFactory.getLogger(Child.class);

    private final ChildConfig cfg;
    private final ChildEvents events;
    private final ChildIdentity me;
    private final ChildLifecycle lifecycle = new ChildLifecycle();
    private final MainLoop loop = new MainLoop();
    private final ChildControl control = new ChildControl();
    private final DeliveryTriage triage;
    private final RecyclePolicy recycle;
    // set by start(), before the consumer can hand anything to the main loop
    private ChildConnection connection;
    private ChildReplies replies;
    private TaskExecution execution;
    private ChildTracing tracing;
    private ChildAcks acks;
    // main loop only: the consumer's cancel-ok has arrived (or it never started), no delivery follows
    private boolean consumerGone;
    // under this: consume() was called, or a drain came first and it never will be
    private boolean consumeDecided;
    // under this (a spare): connect() is done; "consume" came while it was still connecting
    private boolean connected;
    private boolean consumeRequested;

    Child(ChildConfig cfg, TaskRegistry registry, ChildEvents events) {
        this.cfg = cfg;
        this.events = events;
        this.me = ChildIdentity.current(cfg.childId());
        this.triage = new DeliveryTriage(registry, control, cfg.maxAttempts());
        this.recycle = new RecyclePolicy(cfg.maxTasksPerChild(), cfg.maxMemoryMb(), ChildMemory::residentMb);
    }

    long pid() { return me.pid(); }

    /** Connects and starts consuming. @throws IOException when the broker cannot be reached */
    void start() throws IOException {
        connect();
        consume();
    }

    /** Connects, declares and prepares everything but the consumer (a spare child stops here). */
    void connect() throws IOException {
        connection = ChildConnection.open(cfg, control, events, loop.asConsumerExecutor());
        ChildAcks acks = new ChildAcks(connection.channel(), connection::fail);
        replies = new ChildReplies(new ChildOutbox(connection.channel(), this::outboxEmpty, acks::flush), acks, connection,
                loop, events, cfg.queue());
        execution = new TaskExecution(me, cfg, replies, events, connection, control);
        tracing = new ChildTracing(cfg.queue(), cfg.childId()); // after the initializer, which may install an SDK
        this.acks = acks;
    }

    /** A spare finished {@link #connect}: true when {@code consume} came meanwhile (the caller consumes now). */
    synchronized boolean connected() {
        connected = true;
        return consumeRequested;
    }

    /** A spare is told to consume: now when connected (true), else as soon as it is ({@link #connected}). */
    synchronized boolean requestConsume() throws IOException {
        if (!connected) {
            consumeRequested = true;
            return false;
        }
        consume();
        return true;
    }

    /** Starts the consumer, once; does nothing after a drain. After {@link #connect}. */
    synchronized void consume() throws IOException {
        if (consumeDecided) return;
        consumeDecided = true;
        ChildAcks acks = this.acks;
        connection.consume(cfg.queue(), "warren-" + cfg.childId() + "-" + me.pid(), d -> { // on the main loop
            acks.delivered(d.tag()); // before anything can settle it
            handle(d);
        }, () -> consumerGone = true);
        if (lifecycle.advance(ChildState.CONSUMING) == null) connection.cancelConsumer(); // a drain came first
    }

    /** Control messages the supervisor writes on stdin (crash notes of its children, same JSON as the exchange). */
    void control(String jsonLine) { control.accept(jsonLine.getBytes(StandardCharsets.UTF_8)); }

    /** Runs the main loop until drained; returns the exit code. */
    int run() throws InterruptedException {
        loop.run(this::drained, events::flush); // idle: let the supervisor see the last task's end now
        lifecycle.advance(ChildState.CLOSED);
        connection.close();
        ChildLifecycle.Exit exit = lifecycle.exit();
        events.exiting(exit.code() == 0 && recycle.asked() ? "recycled" : exit.reason(), "tasks done: " + recycle.tasksDone());
        return exit.code();
    }

    /**
     * Stops consuming at once; tasks already prefetched are handed back unstarted, the running one
     * finishes. Thread-safe; the first call decides the exit code.
     */
    void requestDrain(String reason, int code) {
        ChildState left = lifecycle.drain(reason, code);
        if (left == null) return;
        if (left == ChildState.CONSUMING) connection.cancelConsumer(); // RETIRING cancelled already; STARTING: consume() does
        if (left == ChildState.STARTING) {
            synchronized (this) {
                if (!consumeDecided) { // a spare drained before it consumed: there is no consumer to wait for
                    consumeDecided = true;
                    loop.execute(() -> consumerGone = true);
                }
            }
        }
        loop.wake();
    }

    private boolean drained() {
        return lifecycle.state() == ChildState.DRAINING && consumerGone && loop.idle() && replies.idle();
    }

    private void outboxEmpty() {
        if (lifecycle.state() == ChildState.DRAINING) loop.wake(); // the last ack may be what the drain waits for
    }

    private void handle(Delivery d) {
        Decoded decoded = TaskEnvelope.decode(d.props(), d.body(), cfg.maxBodyBytes(), System.currentTimeMillis());
        if (!(decoded instanceof TaskEnvelope env)) {
            act(d, triage.decide(d, decoded, lifecycle.state().accepting()));
            return;
        }
        inContext(env, () -> act(d, triage.decide(d, env, lifecycle.state().accepting())));
    }

    private void act(Delivery d, Decision decision) {
        if (decision instanceof Decision.Run run) {
            boolean timedOut = tracing.run(run, traced -> execution.run(d, traced));
            if (timedOut) requestDrain("soft-time-limit", ExitCode.SOFT_TIME_LIMIT.code());
            afterTask();
        } else if (decision instanceof Decision.DeadLetter dead) {
            if (Protocol.E_WORKER_CRASHED.equals(dead.reason())) {
                log.warn("dead-lettering task {} ({}): {}", dead.taskId(), dead.task(), dead.detail());
            }
            replies.refuse(d, dead, me.where(0, 0));
        } else if (decision instanceof Decision.NextAttempt next) {
            log.info("task {} ({}) was redelivered after attempt {}; re-queued as attempt {}", next.env().taskId(),
                    next.env().task(), next.env().attempt(), next.attempt());
            replies.nextAttempt(d, next.attempt(), next.lastError());
        } else if (decision instanceof Decision.HandBack) {
            replies.handBack(d);
        } else if (decision instanceof Decision.SkipCancelled skip) {
            execution.skipCancelled(d, skip.env());
        } else if (decision instanceof Decision.AwaitCrashNote wait) {
            awaitCrashNote(d, wait);
        }
    }

    /** Decides again when the crash note arrives or the wait is over; the loop serves other deliveries meanwhile. */
    private void awaitCrashNote(Delivery d, Decision.AwaitCrashNote wait) {
        TaskEnvelope env = wait.env();
        MainLoop.Held recheck = loop.hold(() -> {
            control.stopWaiting(env.taskId());
            inContext(env, () -> act(d, triage.afterCrashNoteWait(env)));
        });
        control.onCrashNote(env.taskId(), recheck::release);
        recheck.releaseAfter(wait.waitMs());
    }

    private void afterTask() {
        RecyclePolicy.Verdict verdict = recycle.afterTask();
        if (verdict == RecyclePolicy.Verdict.MAX_TASKS) {
            // run no more than max-tasks-per-child; wait for the supervisor's drain
            if (lifecycle.advance(ChildState.RETIRING) == ChildState.CONSUMING) connection.cancelConsumer();
        } else if (verdict == RecyclePolicy.Verdict.MAX_MEMORY) {
            log.info("resident memory {} MB is over the ceiling of {} MB; asking to be recycled",
                    recycle.lastResidentMb(), recycle.maxMemoryMb()); // keep consuming until the replacement is ready
        }
        if (verdict.reason() != null) events.recycle(verdict.reason());
    }

    private static void inContext(TaskEnvelope env, Runnable r) {
        MDC.put("task", env.taskId());
        MDC.put("trace", traceId(env.traceparent()));
        try {
            r.run();
        } finally {
            MDC.remove("task");
            MDC.remove("trace");
        }
    }

    /** The trace id of a W3C traceparent ({@code 00-<trace id>-<span id>-<flags>}), or null. */
    static String traceId(String traceparent) {
        if (traceparent == null) return null;
        String[] parts = traceparent.split("-");
        return parts.length >= 4 && parts[1].length() == 32 ? parts[1] : null;
    }
}
