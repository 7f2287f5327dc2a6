package dev.warren.worker.supervisor;

import dev.warren.common.internal.ControlMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's half of an interrupting cancel (docs/protocol.md section 5): the child running the task has
 * interrupted it; if a child of this pool still runs that task (its {@code start} event without an {@code end})
 * when the grace period is over, it is killed alone and replaced as after any crash (exit cause {@code cancel}).
 * Before the kill the cancel goes into the {@link CrashNoteCache}, so the replacement, which connected after the
 * cancel went out on the control exchange, reads it on stdin and skips the redelivered task as cancelled.
 * Runs on the pool's scheduler; the check at the end of the grace is all the state it keeps.
 */
final class PoolCancelKill {
    private static final Logger log = LoggerFactory.getLogger(ChildPool.class);

    private final Duration grace;
    private final Supplier<List<ChildProcess>> children;
    private final ScheduledExecutorService scheduler;
    private final CrashNoteCache notes;

    PoolCancelKill(Duration grace, Supplier<List<ChildProcess>> children, ScheduledExecutorService scheduler,
                   CrashNoteCache notes) {
        this.grace = grace;
        this.children = children;
        this.scheduler = scheduler;
        this.notes = notes;
    }

    /** A cancel arrived on the control exchange (any thread); only interrupting ones concern the supervisor. */
    void cancelled(ControlMessage.Cancel cancel) {
        if (!cancel.interrupt()) return;
        // always checked after the grace: the child's start event may reach us after the cancel did
        scheduler.schedule(() -> check(cancel), grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Kills every child still running the task (normally none: it stopped on the interrupt). */
    void check(ControlMessage.Cancel cancel) {
        for (ChildProcess c : children.get()) {
            ChildProcess.Running r = c.running(); // from the child's slot (or its start line)
            if (r == null || !cancel.id().equals(r.taskId()) || c.killedForCancel || !c.process.isAlive()) continue;
            notes.addLine(new String(cancel.encode(), StandardCharsets.UTF_8));
            c.killedForCancel = true;
            ChildProcessIo.withChild(c, () -> log.warn("task {} {} was cancelled and is still running {} ms later; "
                    + "killing the child (warren.cancel-grace)", r.task(), cancel.id(), grace.toMillis()));
            c.process.destroyForcibly();
        }
    }
}
