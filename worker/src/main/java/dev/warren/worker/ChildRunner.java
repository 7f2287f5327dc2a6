package dev.warren.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JavaType;
import dev.warren.common.Protocol;
import dev.warren.common.TaskError;
import dev.warren.common.internal.Json;
import dev.warren.common.internal.TaskEnvelope;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one task: binds the JSON input to the task's declared type (never anything else), runs
 * the code on the task thread under the soft time limit, and writes the output as JSON.
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

    private final ExecutorService taskThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "warren-task");
        t.setDaemon(true);
        return t;
    });
    private final long softTimeLimitMs;
    private final int maxBodyBytes;

    ChildRunner(long softTimeLimitMs, int maxBodyBytes) {
        this.softTimeLimitMs = softTimeLimitMs;
        this.maxBodyBytes = maxBodyBytes;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Outcome run(TaskRegistry.Entry<?, ?> entry, TaskEnvelope env, TaskContext ctx) {
        Object input;
        JavaType inType = Json.type(entry.type().inputType());
        try {
            JavaType readType = env.chunk() > 0
                    ? Json.MAPPER.getTypeFactory().constructCollectionType(List.class, inType) : inType;
            input = Json.MAPPER.readValue(env.body(), readType);
        } catch (StreamReadException e) {
            return bad(Protocol.E_NOT_JSON, "body is not valid JSON: " + e.getOriginalMessage(), env);
        } catch (JsonProcessingException e) {
            if (!isJson(env.body())) return bad(Protocol.E_NOT_JSON, "body is not valid JSON", env);
            return bad(Protocol.E_BAD_INPUT, "input does not fit " + inType.toCanonical() + ": " + e.getOriginalMessage(), env);
        } catch (IOException | RuntimeException e) {
            return bad(Protocol.E_NOT_JSON, "body cannot be read: " + e.getMessage(), env);
        }
        if (env.chunk() > 0 && ((List<?>) input).size() != env.chunk()) {
            return bad(Protocol.E_BAD_INPUT, "chunk header says " + env.chunk() + " inputs, body has "
                    + ((List<?>) input).size(), env);
        }
        Task task = entry.task();
        Object in = input;
        Future<Object> f = taskThread.submit(() -> {
            if (env.chunk() == 0) return task.run(in, ctx);
            List<Object> outs = new ArrayList<>(env.chunk());
            for (Object one : (List<?>) in) outs.add(task.run(one, ctx));
            return outs;
        });
        Object output;
        try {
            output = softTimeLimitMs > 0 ? f.get(softTimeLimitMs, TimeUnit.MILLISECONDS) : f.get();
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Failed(TaskError.of(Protocol.E_TIME_LIMIT, "task " + env.task() + " exceeded the soft time limit of "
                    + softTimeLimitMs + " ms", env.attempt()), false, true);
        } catch (ExecutionException e) {
            return new Failed(fromThrowable(e.getCause(), env.attempt()), false, false);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            return new Failed(TaskError.of(Protocol.E_TIME_LIMIT, "child interrupted while running the task", env.attempt()),
                    false, true);
        }
        try {
            byte[] body = Json.MAPPER.writeValueAsBytes(output);
            if (body.length > maxBodyBytes) {
                return new Failed(TaskError.of(Protocol.E_OUTPUT_TOO_LARGE, "output of " + body.length
                        + " bytes exceeds the limit of " + maxBodyBytes, env.attempt()), false, false);
            }
            return new Ok(body);
        } catch (IOException | RuntimeException e) {
            return new Failed(fromThrowable(e, env.attempt()), false, false);
        }
    }

    /** Binding stops at the first token that does not fit, so a shape error may hide a syntax error. */
    private static boolean isJson(byte[] body) {
        try {
            Json.MAPPER.readTree(body);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Failed bad(String type, String message, TaskEnvelope env) {
        return new Failed(TaskError.of(type, message, env.attempt()), true, false);
    }

    static TaskError fromThrowable(Throwable t, int attempt) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        String stack = sw.toString();
        if (stack.length() > MAX_STACK_CHARS) stack = stack.substring(0, MAX_STACK_CHARS) + "\n\t...";
        return new TaskError(t.getClass().getName(), t.getMessage(), stack, attempt, true);
    }
}
