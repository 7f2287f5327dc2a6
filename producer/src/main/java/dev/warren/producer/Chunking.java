package dev.warren.producer;

/**
 * How a {@code map} call cuts its input into messages: the size of the next chunk, how many messages may be
 * outstanding now, and what the results taught. {@link #fixed} is an explicit {@code chunksize};
 * {@link AdaptiveChunks} the default. Called by one {@link Results} under its lock, except
 * {@link #measured}, which runs on the completion executor: implementations are thread-safe.
 */
interface Chunking {
    /** Inputs for the next message (at least 1). */
    int nextSize();

    /** Messages that may be outstanding now (at least 1). */
    int window();

    /** True while {@link #window()} may grow with time alone: the reader then re-checks it while it waits. */
    default boolean growing() { return false; }

    /** A message of {@code inputs} inputs is {@code bytes} of JSON. */
    default void encoded(int inputs, int bytes) { }

    /** A message of {@code inputs} inputs came back ok after {@code workMillis} of work on the worker (ms resolution). */
    default void measured(int inputs, long workMillis) { }

    /** True when a single-input chunk travels as the input itself rather than as an array of one. */
    boolean singleAsItself();

    /** Split a chunk whose JSON is over the body limit instead of failing (adaptive chunks only). */
    default boolean splits() { return false; }

    /** Always {@code chunksize} inputs per message, {@code window} messages outstanding. */
    static Chunking fixed(int chunksize, int window) {
        return new Chunking() {
            @Override public int nextSize() { return chunksize; }
            @Override public int window() { return window; }
            @Override public boolean singleAsItself() { return chunksize == 1; }
        };
    }
}
