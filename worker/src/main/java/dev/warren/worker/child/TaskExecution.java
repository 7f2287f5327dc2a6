package dev.warren.worker.child;

import dev.warren.common.ExitCode;
import dev.warren.common.Protocol;
import dev.warren.common.TaskError;
import dev.warren.common.internal.ProgressMessage;
import dev.warren.common.internal.ReplyEnvelope;
import dev.warren.common.internal.TaskEnvelope;
import dev.warren.worker.TaskContext;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one accepted task on the main loop and answers for it: the {@code start} and {@code end}
 * events, the run itself ({@link ChildRunner}), then the reply, or for a body that does not bind
 * the error answer and the dead letter. When a task ignores the soft time limit's interrupt, the
 * watchdog answers for it here, acks it and halts the child. A task its producer cancels while it runs
 * ({@link RunningTask}: interrupted) is answered {@code warren.Cancelled} whatever it returned; its progress
 * ({@link ChildProgress}) is closed before any answer is published.
 */
final class TaskExecution {
    private static final Logger log = LoggerFactory.getLogger(TaskExecution.class);
    /** How long the watchdog waits for its answer's confirm before halting anyway. */
    private static final long ABANDON_CONFIRM_WAIT_S = 10;

    private final ChildIdentity me;
    private final long softTimeLimitMs;
    private final ChildRunner runner;
    private final ChildReplies replies;
    private final ChildEvents events;
    private final ChildConnection connection;
    private final ChildControl control;

    TaskExecution(ChildIdentity me, ChildConfig cfg, ChildReplies replies, ChildEvents events, ChildConnection connection,
                  ChildControl control) {
        this.me = me;
        this.softTimeLimitMs = cfg.softTimeLimitMs();
        this.runner = new ChildRunner(cfg.softTimeLimitMs(), cfg.maxBodyBytes());
        this.replies = replies;
        this.events = events;
        this.connection = connection;
        this.control = control;
    }

    /**
     * Runs the task and publishes its outcome (the ack follows the confirm).
     *
     * @return true when the soft time limit stopped it: the child must replace itself
     */
    boolean run(Delivery d, Decision.Run run) {
        TaskEnvelope env = run.env();
        long started = System.currentTimeMillis();
        RunningTask running = control.running();
        running.start(env.taskId());
        if (control.cancelled(env.taskId())) { // the cancel came between the triage and now
            running.end();
            skipCancelled(d, env);
            return false;
        }
        events.start(env.taskId(), env.task(), env.attempt(), env.timestamp());
        if (log.isDebugEnabled()) log.debug("running {} attempt {}", env.task(), env.attempt());
        ChildProgress progress = new ChildProgress(env.taskId(), env.attempt(),
                ProgressMessage.wanted(d.props().getHeaders()) ? m -> replies.progress(env.replyTo(), m) : null);
        ChildRunner.Outcome outcome;
        try {
            outcome = runner.run(run.entry(), env, context(env, progress), () -> abandon(d, env, started));
        } finally {
            progress.close();
        }
        boolean cancelled = running.end();
        long finished = System.currentTimeMillis();
        if (cancelled) {
            log.info("task {} ({}) was cancelled by its producer while running; answered {}", env.taskId(), env.task(),
                    Protocol.E_CANCELLED);
            ReplyEnvelope r = cancelledReply(env, "cancelled by its producer while it ran (interrupted)", started, finished);
            ChildTracing.failed(TaskError.of(Protocol.E_CANCELLED, "cancelled while it ran", env.attempt()));
            replies.reply(d, env, r);
            events.end(env.taskId(), env.task(), "error", Protocol.E_CANCELLED, finished - started);
            return outcome instanceof ChildRunner.Failed f && f.timedOut();
        }
        if (outcome instanceof ChildRunner.Ok ok) {
            // the worker headers only when the producer reads them (warren-worker-info); an error always says where it ran
            replies.reply(d, env, new ReplyEnvelope(env.taskId(), true, env.attempt(),
                    env.workerInfo() ? me.where(started, finished) : null,
                    env.traceparent(), env.tracestate(), env.persistent(), ok.body()));
            events.end(env.taskId(), env.task(), "ok", null, finished - started);
            return false;
        }
        ChildRunner.Failed failed = (ChildRunner.Failed) outcome;
        TaskError err = failed.error();
        ChildTracing.failed(err);
        ReplyEnvelope r = ReplyEnvelope.error(env.taskId(), err, me.where(started, finished), env.traceparent(),
                env.tracestate(), env.persistent());
        if (failed.deadLetter()) {
            replies.answer(env.replyTo(), r);
            replies.deadLetter(d, err.type(), err.message(), env.attempt(), env.task(), env.taskId());
        } else {
            replies.reply(d, env, r);
        }
        log.info("task {} failed: {}: {}", env.task(), err.type(), err.message());
        events.end(env.taskId(), env.task(), "error", err.type(), finished - started);
        return failed.timedOut();
    }

    /** A task cancelled before it started: answer {@code warren.Cancelled}, ack once the answer is confirmed. */
    void skipCancelled(Delivery d, TaskEnvelope env) {
        log.info("skipping task {} ({}): cancelled by its producer before it started", env.taskId(), env.task());
        replies.reply(d, env, cancelledReply(env, "cancelled by its producer before it started", 0, System.currentTimeMillis()));
    }

    private ReplyEnvelope cancelledReply(TaskEnvelope env, String why, long started, long finished) {
        return ReplyEnvelope.error(env.taskId(), TaskError.of(Protocol.E_CANCELLED, why, env.attempt()),
                me.where(started, finished), env.traceparent(), env.tracestate(), env.persistent());
    }

    /**
     * On the watchdog thread: the task ignored the soft limit's interrupt. Answer for it, ack it once the
     * answer is confirmed, and replace this child: the runaway thread dies with the process.
     */
    private void abandon(Delivery d, TaskEnvelope env, long started) {
        TaskError err = TaskError.of(Protocol.E_TIME_LIMIT, "task " + env.task() + " exceeded the soft time limit of "
                + softTimeLimitMs + " ms and ignored the interrupt; the child replaced itself", env.attempt());
        ReplyEnvelope r = ReplyEnvelope.error(env.taskId(), err, me.where(started, System.currentTimeMillis()),
                env.traceparent(), env.tracestate(), env.persistent());
        CountDownLatch settled = new CountDownLatch(1);
        replies.answer(env.replyTo(), r, new ChildOutbox.Outcome() {
            @Override public void confirmed(boolean returned) {
                replies.ack(d.tag());
                settled.countDown();
            }

            @Override public void nacked() { settled.countDown(); }
        });
        try {
            settled.await(ABANDON_CONFIRM_WAIT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.warn("task {} ({}) ignored the soft time limit; answered it and replacing this child", env.taskId(), env.task());
        events.end(env.taskId(), env.task(), "error", Protocol.E_TIME_LIMIT, System.currentTimeMillis() - started);
        events.exiting("soft-time-limit", "task ignored the interrupt");
        connection.markClosing();
        Runtime.getRuntime().halt(ExitCode.SOFT_TIME_LIMIT.code());
    }

    private TaskContext context(TaskEnvelope env, ChildProgress progress) {
        Optional<Instant> deadline = env.deadline() > 0 ? Optional.of(Instant.ofEpochMilli(env.deadline())) : Optional.empty();
        return new ChildTaskContext(env.taskId(), env.task(), env.attempt(), deadline, me.childId(), me.pid(),
                Optional.ofNullable(env.traceparent()), progress);
    }
}
