package dev.warren.worker.child;

import dev.warren.common.internal.TaskEnvelope;
import dev.warren.worker.TaskRegistry;

/** What the child does with one delivery: {@link DeliveryTriage} decides, the main loop acts. */
sealed interface Decision {

    /** Run it: a valid envelope of a registered task whose input type fits. */
    record Run(TaskEnvelope env, TaskRegistry.Entry<?, ?> entry) implements Decision {}

    /**
     * Dead-letter it with this reason (a {@code warren.*} error type) and answer the producer with the
     * same error where it can: a message that cannot run (malformed, unknown task, other input type),
     * or a task that crashed its workers too often.
     *
     * @param taskId  the message id, or null
     * @param task    the task name (the {@code type} property), or null
     * @param replyTo where to answer, or null
     * @param attempt the attempt the error reports
     * @param env     the envelope when it decoded (for trace context and persistence), else null
     */
    record DeadLetter(String reason, String detail, String taskId, String task, String replyTo, int attempt,
                      TaskEnvelope env) implements Decision {
        /** True when the producer gets an error reply: it needs both a reply_to and a message id to correlate. */
        boolean answered() { return replyTo != null && taskId != null; }
    }

    /**
     * Redelivered with attempts left (its earlier holder died): re-publish it as {@code attempt} with
     * {@code lastError}, then ack the delivery. It is not run here.
     */
    record NextAttempt(TaskEnvelope env, int attempt, String lastError) implements Decision {}

    /** The child no longer accepts work (retiring or draining): re-publish it unchanged, then ack; not an attempt. */
    record HandBack() implements Decision {}

    /**
     * Its producer cancelled it before it started (here, or in a child killed for ignoring the cancel): answer
     * {@code warren.Cancelled}, ack it once the answer is confirmed; no run, no dead letter.
     */
    record SkipCancelled(TaskEnvelope env) implements Decision {}

    /**
     * Redelivered, and the supervisor's note of how the earlier attempt died has not arrived yet: decide
     * again ({@link DeliveryTriage#afterCrashNoteWait}) when it arrives or after {@code waitMs}, whichever
     * comes first; the main loop serves other deliveries meanwhile.
     */
    record AwaitCrashNote(TaskEnvelope env, long waitMs) implements Decision {}
}
