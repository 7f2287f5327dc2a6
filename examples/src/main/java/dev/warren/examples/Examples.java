package dev.warren.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.TaskType;

/**
 * The built-in example tasks, after the examples of Python's multiprocessing tutorials. A
 * producer and a worker share these constants; the worker registers implementations for them.
 */
public final class Examples {
    private Examples() {}

    /** n → n³. */
    public static final TaskType<Integer, Integer> CUBE = TaskType.of("cube", Integer.class, Integer.class);
    /**
     * Counts n down to zero in a CPU-bound loop; returns the elapsed milliseconds. Reports progress (steps done of n)
     * and stops when interrupted ({@code future.cancel(true)}).
     */
    public static final TaskType<Long, Long> COUNTDOWN = TaskType.of("countdown", Long.class, Long.class);
    /**
     * Busy-loops for the given seconds (0..3600) and ignores interrupts: a cancelled {@code spin} only ends when its
     * supervisor kills the child after the cancel grace period. Returns the seconds spun.
     */
    public static final TaskType<Double, Double> SPIN = TaskType.of("spin", Double.class, Double.class);
    /** Sleeps the given seconds; returns a message naming the child's pid. */
    public static final TaskType<Double, String> SLEEP = TaskType.of("sleep", Double.class, String.class);
    /** Returns its input unchanged (any JSON value). */
    public static final TaskType<JsonNode, JsonNode> ECHO = TaskType.of("echo", JsonNode.class, JsonNode.class);
    /** Returns its input unchanged: the cheapest possible task, for benchmarks. */
    public static final TaskType<Integer, Integer> NOOP = TaskType.of("noop", Integer.class, Integer.class);
    /** Throws an {@code IllegalStateException} with the given message. */
    public static final TaskType<String, String> FAIL = TaskType.of("fail", String.class, String.class);
    /** Halts the child JVM with the given exit code (a crash, not an exception). */
    public static final TaskType<Integer, String> CRASH = TaskType.of("crash", Integer.class, String.class);
    /** Gaussian-blurs an image (any format ImageIO reads); returns a PNG. */
    public static final TaskType<BlurRequest, BlurResult> BLUR = TaskType.of("blur", BlurRequest.class, BlurResult.class);
    /** Fetches a URL; returns its status and byte count. An unresolvable host fails the task. */
    public static final TaskType<String, FetchResult> FETCH = TaskType.of("fetch", String.class, FetchResult.class);

    /**
     * @param image  the image bytes (base64 in JSON)
     * @param radius the Gaussian's radius in pixels (sigma = radius / 3), 1..64
     */
    public record BlurRequest(byte[] image, int radius) {}

    /** @param png the blurred image as PNG */
    public record BlurResult(byte[] png, int width, int height) {}

    public record FetchResult(String url, int status, long bytes) {}
}
