package dev.warren.worker;

import java.util.List;

/**
 * Runs once in each child before it consumes: ProcessPoolExecutor's {@code initializer} with
 * {@code initargs}. Name the class in {@code warren.initializer} ({@code WARREN_INITIALIZER}) and
 * pass arguments in {@code warren.initargs} ({@code WARREN_INITARGS}, comma-separated). It needs a
 * public no-argument constructor. If it throws, the child exits (code 71) and the supervisor restarts it with backoff.
 */
@FunctionalInterface
public interface Initializer {
    void initialize(List<String> initargs) throws Exception;
}
