package dev.warren.worker.child;

import dev.warren.worker.TaskRegistry;
import dev.warren.worker.TaskContext;
import dev.warren.worker.Task;
import dev.warren.common.ExitCode;
import dev.warren.common.Protocol;
import dev.warren.common.TaskError;
import dev.warren.common.internal.Json;
import dev.warren.common.internal.TaskEnvelope;
import dev.warren.common.internal.ScalarJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one task: binds the JSON input to the task's declared type (never anything else), runs
 * the code under the soft time limit, and writes the output as JSON.
 */
final class ChildRunner {
    /** The outcome of one run. */
    sealed interface Outcome permits Ok, Failed {}

    /** @param body the JSON output (an array for chunks) */
    record Ok(byte[] body) implements Outcome {}

    /**
     * @param error      what to reply
     * @param deadLetter true when the message itself is bad (not JSON, wrong shape): dead-letter it
     * @param timedOut   true when the soft time limit fired: the child must replace itself
     */
    record Failed(TaskError error, boolean deadLetter, boolean timedOut) implements Outcome {}

    private static final int MAX_STACK_CHARS = 16 * 1024;
    private static final com.fasterxml.jackson.databind.ObjectWriter WRITER = Json.MAPPER.writer();

    private final long softTimeLimitMs;
    private final int maxBodyBytes;
    private final SoftLimit limit;

    ChildRunner(long softTimeLimitMs, int maxBodyBytes) {
        this.softTimeLimitMs = softTimeLimitMs;
        this.maxBodyBytes = maxBodyBytes;
        this.limit = softTimeLimitMs > 0 ? new SoftLimit(softTimeLimitMs) : null;
    }

    /**
     * Runs the task on the calling thread.
     *
     * @param onStuck called on the watchdog thread when the task ignores the soft limit's interrupt
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Outcome run(TaskRegistry.Entry<?, ?> entry, TaskEnvelope env, TaskContext ctx, Runnable onStuck) {
        InputBinding.Result bound = InputBinding.bind(env.body(), entry.type().inputType(), env.chunk());
        if (bound instanceof InputBinding.Refused r) return bad(r.type(), r.detail(), env);
        Object input = ((InputBinding.Bound) bound).input();
        Task task = entry.task();
        Object output;
        // the task runs on this (the main loop's) thread: no hand-off per task. A watchdog enforces the
        // soft limit: it interrupts the task, and if the task ignores that, calls onStuck to answer for it.
        if (limit != null) limit.begin(Thread.currentThread(), onStuck);
        try {
            if (env.chunk() == 0) {
                output = task.run(input, ctx);
            } else {
                List<Object> outs = new ArrayList<>(env.chunk());
                for (Object one : (List<?>) input) outs.add(task.run(one, ctx));
                output = outs;
            }
        } catch (Exception | Error e) {
            if (limit != null && limit.finish()) return timedOut(env);
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                // out of memory and the like: this JVM is not to be trusted any more; crash-only, the task is redelivered
                System.err.println("fatal " + e + " in task " + env.task() + " " + env.taskId() + "; halting");
                Runtime.getRuntime().halt(ExitCode.VM_ERROR.code());
            }
            return new Failed(fromThrowable(e, env.attempt()), false, false);
        }
        if (limit != null && limit.finish()) return timedOut(env);
        try {
            byte[] body = env.chunk() == 0 ? ScalarJson.write(output) : null;
            if (body == null) body = WRITER.writeValueAsBytes(output);
            if (body.length > maxBodyBytes) {
                return new Failed(TaskError.of(Protocol.E_OUTPUT_TOO_LARGE, "output of " + body.length
                        + " bytes exceeds the limit of " + maxBodyBytes, env.attempt()), false, false);
            }
            return new Ok(body);
        } catch (IOException | RuntimeException e) {
            return new Failed(fromThrowable(e, env.attempt()), false, false);
        }
    }

    private Failed timedOut(TaskEnvelope env) {
        return new Failed(TaskError.of(Protocol.E_TIME_LIMIT, "task " + env.task() + " exceeded the soft time limit of "
                + softTimeLimitMs + " ms", env.attempt()), false, true);
    }

    private static Failed bad(String type, String message, TaskEnvelope env) {
        return new Failed(TaskError.of(type, message, env.attempt()), true, false);
    }

    static TaskError fromThrowable(Throwable t, int attempt) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        String stack = sw.toString();
        if (stack.length() > MAX_STACK_CHARS) stack = stack.substring(0, MAX_STACK_CHARS) + "\n\t…";
        return new TaskError(t.getClass().getName(), t.getMessage(), stack, attempt, true);
    }
}
