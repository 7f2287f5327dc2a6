package dev.warren.bench;

import java.util.concurrent.CompletableFuture;

/** One side of a comparison: warren, or the raw amqp-client baseline. The same scenarios drive both. */
interface Side extends AutoCloseable {
    /** A no-op round trip carrying the integer. */
    CompletableFuture<?> noop(int i) throws Exception;

    /** Echoes a JSON string. */
    CompletableFuture<?> echo(String s) throws Exception;

    /** Runs the CPU-bound countdown of n; completes with the elapsed milliseconds the worker measured. */
    CompletableFuture<Long> countdown(long n) throws Exception;

    /** Maps no-op over 0..inputs-1 in chunks, in input order, at most {@code window} messages outstanding; returns the outputs seen. */
    long map(int inputs, int chunksize, int window) throws Exception;
}
