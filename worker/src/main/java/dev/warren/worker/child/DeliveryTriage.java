package dev.warren.worker.child;

import dev.warren.common.Protocol;
import dev.warren.common.internal.Decoded;
import dev.warren.common.internal.Malformed;
import dev.warren.common.internal.TaskEnvelope;
import dev.warren.worker.TaskRegistry;
import java.util.Optional;
import java.util.Set;

/**
 * The child's decision for a delivery, as a pure function of what it knows: the decoded message,
 * the redelivered flag, whether the child still accepts work, its cancellations and crash notes,
 * its registry and the attempt limit. No I/O and no clock; the checks run in the order of
 * docs/protocol.md section 7 (checks 12-15, the cancel first; 1-11 are {@code TaskEnvelope.decode}, 16-18 come later).
 */
final class DeliveryTriage {
    /** How long a redelivered task waits for its crash note: it may trail the redelivery by a little. */
    static final long CRASH_NOTE_WAIT_MS = 250;
    /** The same, before the last attempt is dead-lettered: the note is what the producer will read. */
    static final long LAST_CRASH_NOTE_WAIT_MS = 1000;
    /** Producers that declare these input types send untyped JSON: the worker's own type decides. */
    static final Set<String> UNTYPED = Set.of("com.fasterxml.jackson.databind.JsonNode", "java.lang.Object");

    /** What the child has heard on the control exchange (and from its supervisor). Thread-safe reads. */
    interface Notes {
        /** True when the task's producer cancelled it. */
        boolean cancelled(String taskId);

        /** How the last crashed attempt of the task died, or null when no supervisor reported it (yet). */
        String crashNote(String taskId);
    }

    private final TaskRegistry registry;
    private final Notes notes;
    private final int maxAttempts;

    DeliveryTriage(TaskRegistry registry, Notes notes, int maxAttempts) {
        this.registry = registry;
        this.notes = notes;
        this.maxAttempts = maxAttempts;
    }

    /**
     * Decides for a fresh delivery.
     *
     * @param decoded   the delivery's {@code TaskEnvelope.decode} result
     * @param accepting the child's state accepts work ({@link ChildState#accepting()}) as the delivery is handled
     */
    Decision decide(Delivery delivery, Decoded decoded, boolean accepting) {
        if (!accepting) return new Decision.HandBack(); // prefetched but not started: give it back, not as an attempt
        if (decoded instanceof Malformed m) {
            return new Decision.DeadLetter(m.type(), m.detail(), m.taskId(), delivery.typeProperty(), m.replyTo(),
                    m.attempt(), null);
        }
        TaskEnvelope env = (TaskEnvelope) decoded;
        // a cancelled task is skipped even when redelivered: its child may have been killed for ignoring the cancel
        if (notes.cancelled(env.taskId())) return new Decision.SkipCancelled(env);
        if (delivery.redelivered()) return crashed(env, false);
        Optional<TaskRegistry.Entry<?, ?>> entry = registry.find(env.task());
        if (entry.isEmpty()) {
            return refuse(env, Protocol.E_UNKNOWN_TASK, "no task named '" + env.task()
                    + "' is registered in this worker (it knows " + registry.names() + ")");
        }
        String declared = entry.get().type().inputTypeName();
        if (env.inputType() != null && !env.inputType().equals(declared) && !UNTYPED.contains(env.inputType())) {
            return refuse(env, Protocol.E_INPUT_TYPE_MISMATCH, "task '" + env.task() + "' takes " + declared
                    + " but the producer sent " + env.inputType());
        }
        return new Decision.Run(env, entry.get());
    }

    /** Decides for a redelivered task once its {@link Decision.AwaitCrashNote} wait is over (note or not). */
    Decision afterCrashNoteWait(TaskEnvelope env) {
        return notes.cancelled(env.taskId()) ? new Decision.SkipCancelled(env) : crashed(env, true);
    }

    /** A redelivered task: its earlier holder died. The attempt is counted in the message itself. */
    private Decision crashed(TaskEnvelope env, boolean waited) {
        String note = notes.crashNote(env.taskId());
        boolean last = env.attempt() >= maxAttempts;
        if (note == null && !waited) {
            return new Decision.AwaitCrashNote(env, last ? LAST_CRASH_NOTE_WAIT_MS : CRASH_NOTE_WAIT_MS);
        }
        if (last) {
            return refuse(env, Protocol.E_WORKER_CRASHED, "worker crashed " + env.attempt() + " times running this task"
                    + (note != null ? "; last: " + note : env.lastError() != null ? "; last: " + env.lastError() : ""));
        }
        String lastError = note != null ? note
                : "attempt " + env.attempt() + " ended without a reply (the child running it was lost)";
        return new Decision.NextAttempt(env, env.attempt() + 1, lastError);
    }

    private static Decision refuse(TaskEnvelope env, String type, String detail) {
        return new Decision.DeadLetter(type, detail, env.taskId(), env.task(), env.replyTo(), env.attempt(), env);
    }
}
