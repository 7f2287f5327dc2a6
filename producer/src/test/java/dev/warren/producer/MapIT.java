package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.common.internal.TaskEnvelope;
import dev.warren.examples.Examples;
import dev.warren.testing.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MapIT {
    private final String queue = TestBroker.uniqueQueue("it.map");
    private final ExecutorService oneThread = Executors.newSingleThreadExecutor();
    private TaskExecutor pool;
    private ScriptedResponder responder;

    private void start(ScriptedResponder.Script script) throws Exception {
        // one completion thread: completion order is then exactly the order replies arrive in
        pool = TaskExecutor.connect(Fixture.options(queue).completionExecutor(oneThread).build());
        responder = ScriptedResponder.start(Fixture.broker(), queue, script);
    }

    /** Holds tasks until {@code n} arrived, then answers them in the order given by {@code order}. */
    private static ScriptedResponder.Script holdThenAnswer(int n, int... order) {
        List<TaskEnvelope> held = Collections.synchronizedList(new ArrayList<>());
        return (t, r) -> {
            held.add(t);
            if (held.size() == n) for (int i : order) r.answer(held.get(i));
        };
    }

    @AfterEach void stop() throws Exception {
        if (pool != null) pool.close();
        if (responder != null) responder.close();
        oneThread.shutdownNow();
        Fixture.deleteQueue(queue);
    }

    @Test void chunkedMapYieldsOutputsInInputOrderWhenRepliesArriveOutOfOrder() throws Exception {
        start(holdThenAnswer(4, 3, 2, 1, 0));
        List<Integer> inputs = IntStream.rangeClosed(1, 10).boxed().toList();
        List<Integer> cubes = pool.map(Examples.CUBE, inputs, MapOptions.builder().chunksize(3).build()).toList();
        assertThat(cubes).containsExactly(1, 8, 27, 64, 125, 216, 343, 512, 729, 1000);
        assertThat(responder.received).extracting(r -> r.task().chunk()).containsExactly(3, 3, 3, 1);
        assertThat(new String(responder.received.get(0).task().body())).isEqualTo("[1,2,3]");
    }

    @Test void mapReadsAMillionElementInputOnlyAsFarAsTheWindowAllows() throws Exception {
        start(ScriptedResponder.compute());
        AtomicInteger read = new AtomicInteger();
        Iterable<Integer> million = () -> new Iterator<>() {
            @Override public boolean hasNext() { return read.get() < 1_000_000; }
            @Override public Integer next() { return read.incrementAndGet(); }
        };
        try (Stream<Integer> s = pool.map(Examples.CUBE, million, MapOptions.builder().chunksize(1).maxInFlight(20).build())) {
            assertThat(s.limit(50).toList()).hasSize(50).startsWith(1, 8, 27);
        }
        assertThat(read.get()).isLessThanOrEqualTo(50 + 20);
        assertThat(responder.received.size()).isLessThanOrEqualTo(50 + 20);
    }

    @Test void withAdaptiveChunksMapReadsAtMostTheWindowOfTheLargestChunksAhead() throws Exception {
        start(ScriptedResponder.compute());
        AtomicInteger read = new AtomicInteger();
        Iterable<Integer> million = () -> new Iterator<>() {
            @Override public boolean hasNext() { return read.get() < 1_000_000; }
            @Override public Integer next() { return read.incrementAndGet(); }
        };
        try (Stream<Integer> s = pool.map(Examples.NOOP, million, MapOptions.builder().maxInFlight(20).build())) {
            assertThat(s.limit(5000).toList()).hasSize(5000).startsWith(1, 2, 3).endsWith(5000);
        }
        assertThat(read.get()).isLessThanOrEqualTo(5000 + 20 * AdaptiveChunks.MAX_INPUTS);
        assertThat(responder.received).allSatisfy(t -> assertThat(t.task().chunk()).isLessThanOrEqualTo(AdaptiveChunks.MAX_INPUTS));
    }

    @Test void anErrorReplyFailsItsWholeChunkAndMapThrowsWhenItGetsThere() throws Exception {
        start((t, r) -> {
            if (new String(t.body()).contains("3")) r.failWith(t, new ArithmeticException("three"));
            else r.answer(t);
        });
        List<Integer> seen = new ArrayList<>();
        Iterator<Integer> it = pool.map(Examples.CUBE, List.of(1, 2, 3, 4, 5, 6),
                MapOptions.builder().chunksize(2).build()).iterator();
        assertThatThrownBy(() -> it.forEachRemaining(seen::add)).isInstanceOf(RemoteTaskException.class)
                .hasMessageContaining("java.lang.ArithmeticException: three");
        assertThat(seen).containsExactly(1, 8);
    }

    @Test void mapUnorderedYieldsOutputsInCompletionOrder() throws Exception {
        start(holdThenAnswer(3, 2, 0, 1));
        assertThat(pool.mapUnordered(Examples.CUBE, List.of(1, 2, 3)).toList()).containsExactly(27, 1, 8);
    }

    @Test void completionOrderYieldsFuturesAsTheyComplete() throws Exception {
        start(holdThenAnswer(3, 1, 2, 0));
        List<Integer> order = new ArrayList<>();
        for (CompletableFuture<Integer> f : pool.completionOrder(Examples.CUBE, List.of(1, 2, 3))) order.add(f.join());
        assertThat(order).containsExactly(8, 27, 1);
    }

    @Test void invokeAllReturnsEveryFutureDoneInInputOrder() throws Exception {
        start(ScriptedResponder.compute());
        List<CompletableFuture<Integer>> all = pool.invokeAll(Examples.CUBE, List.of(2, 3, 4));
        assertThat(all).allMatch(CompletableFuture::isDone);
        assertThat(all).extracting(CompletableFuture::join).containsExactly(8, 27, 64);
        assertThat(pool.invokeAll(Examples.FAIL, List.of("x"))).singleElement()
                .matches(CompletableFuture::isCompletedExceptionally);
    }

    @Test void mapPublishesUpToItsWindowWhenCalledBeforeTheStreamIsRead() throws Exception {
        Held held = new Held();
        start(held);
        Stream<Integer> s = pool.map(Examples.CUBE, IntStream.rangeClosed(1, 10).boxed().toList(),
                MapOptions.builder().maxInFlight(4).build());
        held.awaitTasks(4); // nothing has read the stream yet
        for (int i = 0; i < 4; i++) held.answer(i);
        Iterator<Integer> it = s.iterator();
        assertThat(it.next()).isEqualTo(1);
        s.close();
    }

    @Test void mapTimeoutIsOneDeadlineFromTheCallCarriedByEveryMessage() throws Exception {
        Held held = new Held();
        start(held);
        Iterator<Integer> it = pool.map(Examples.CUBE, List.of(1, 2),
                MapOptions.builder().maxInFlight(1).timeout(Duration.ofMinutes(10)).build()).iterator();
        held.awaitTasks(1);
        long firstDeadline = held.tasks.get(0).deadline();
        long seen = System.currentTimeMillis();
        org.awaitility.Awaitility.await().until(() -> System.currentTimeMillis() > seen + 2); // a later publication
        held.answer(0);
        assertThat(it.next()).isEqualTo(1);
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(it::next);
        held.awaitTasks(2);
        assertThat(held.tasks.get(1).deadline()).isEqualTo(firstDeadline); // not its own publication + 10 min
        held.answer(1);
        assertThat(second).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(8);
    }

    @Test void pastTheMapTimeoutNothingMoreIsPublishedAndTheStreamThrowsTimeout() throws Exception {
        start((t, r) -> { }); // never answers
        long before = System.currentTimeMillis();
        assertThatThrownBy(() -> pool.map(Examples.CUBE, List.of(1, 2, 3),
                MapOptions.builder().maxInFlight(1).timeout(Duration.ofSeconds(1)).build()).toList())
                .isInstanceOf(java.util.concurrent.CompletionException.class)
                .hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        Fixture.awaitNothingPending(pool);
        // at most the first message went out (none, if a cold JVM took the whole second to encode it: a task
        // already past its deadline is not published), and it carried the call's deadline
        assertThat(responder.deliveries.size()).isLessThanOrEqualTo(1);
        for (var p : responder.deliveries) assertThat(deadline(p)).isBetween(before + 1000, System.currentTimeMillis());
    }

    @Test void aTaskTimeoutAppliesToEachMessageFromItsPublication() throws Exception {
        start((t, r) -> { }); // never answers
        long before = System.currentTimeMillis();
        assertThatThrownBy(() -> pool.map(Examples.CUBE, List.of(1),
                MapOptions.builder().taskTimeout(Duration.ofMillis(300)).build()).toList())
                .isInstanceOf(java.util.concurrent.CompletionException.class)
                .hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        org.awaitility.Awaitility.await().until(() -> !responder.deliveries.isEmpty());
        assertThat(deadline(responder.deliveries.get(0))).isGreaterThanOrEqualTo(before + 300);
    }

    private static long deadline(com.rabbitmq.client.AMQP.BasicProperties p) {
        return ((Number) p.getHeaders().get(dev.warren.common.Protocol.H_DEADLINE)).longValue();
    }

    @Test void completionOrderWithATimeoutThrowsTimeoutAndCancelsTheTasksNotDone() throws Exception {
        Held held = new Held();
        start(held);
        Iterator<CompletableFuture<Integer>> it = pool.completionOrder(Examples.CUBE, List.of(1, 2),
                Duration.ofMillis(200)).iterator();
        assertThatThrownBy(it::next).isInstanceOf(java.util.concurrent.CompletionException.class)
                .hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        Fixture.awaitNothingPending(pool); // cancelled: nobody else holds these futures
    }
}
