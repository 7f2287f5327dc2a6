package dev.warren.bench;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.warren.common.QueueType;
import dev.warren.examples.Examples;
import dev.warren.producer.MapOptions;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.TaskExecutor;
import java.util.AbstractList;
import java.util.concurrent.CompletableFuture;

/** Warren's side: a {@link TaskExecutor} submitting the example tasks to a supervisor's queue. */
final class WarrenSide implements Side {
    private final TaskExecutor pool;

    WarrenSide(String uri, String queue, String queueType) {
        this.pool = TaskExecutor.connect(ProducerOptions.builder().uri(uri).queue(queue)
                .queueType(QueueType.parse(queueType)).build()); // a generated client id: its reply queue goes with it
    }

    TaskExecutor executor() { return pool; }

    @Override public CompletableFuture<?> noop(int i) { return pool.submit(Examples.NOOP, i); }

    @Override public CompletableFuture<?> echo(String s) { return pool.submit(Examples.ECHO, TextNode.valueOf(s)); }

    @Override public CompletableFuture<Long> countdown(long n) { return pool.submit(Examples.COUNTDOWN, n); }

    @Override public long map(int inputs, int chunksize, int window) {
        MapOptions mo = MapOptions.builder().chunksize(chunksize).maxInFlight(window).build();
        return pool.map(Examples.NOOP, range(inputs), mo).count();
    }

    /** 0..n-1 without boxing them all up front. */
    static AbstractList<Integer> range(int n) {
        return new AbstractList<>() {
            @Override public Integer get(int i) { return i; }
            @Override public int size() { return n; }
        };
    }

    @Override public void close() { pool.close(); }
}
