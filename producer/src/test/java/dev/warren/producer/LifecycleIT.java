package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.examples.Examples;
import dev.warren.testing.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LifecycleIT {
    private final String queue = TestBroker.uniqueQueue("it.lifecycle");
    private TaskExecutor pool;
    private ScriptedResponder responder;

    private Held startHeld() throws Exception {
        Held held = new Held();
        start(held);
        return held;
    }

    private void start(ScriptedResponder.Script script) throws Exception {
        pool = TaskExecutor.connect(Fixture.options(queue).build());
        responder = ScriptedResponder.start(Fixture.broker(), queue, script);
    }

    @AfterEach void stop() throws Exception {
        if (pool != null) {
            pool.shutdownNow();
            pool.close();
        }
        if (responder != null) responder.close();
        Fixture.deleteQueue(queue);
    }

    @Test void shutdownRejectsNewTasksLetsPendingOnesCompleteThenTerminates() throws Exception {
        Held held = startHeld();
        CompletableFuture<Integer> f = pool.submit(Examples.CUBE, 3);
        held.awaitTasks(1);
        pool.shutdown();
        pool.shutdown(); // idempotent
        assertThat(pool.isShutdown()).isTrue();
        assertThatThrownBy(() -> pool.submit(Examples.CUBE, 4)).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> pool.map(Examples.CUBE, List.of(1)).toList()).isInstanceOf(RejectedExecutionException.class);
        assertThat(pool.isTerminated()).isFalse();
        assertThat(pool.awaitTermination(50, TimeUnit.MILLISECONDS)).isFalse(); // the held task is pending
        held.answer(0);
        assertThat(f).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(27);
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.isTerminated()).isTrue();
        assertThat(Fixture.queueExists(pool.options().replyQueue())).isFalse(); // deleted: nothing was pending
    }

    @Test void shutdownNowCancelsPendingTasksAndReturnsTheirIds() throws Exception {
        Held held = startHeld();
        List<CompletableFuture<Integer>> fs = List.of(pool.submit(Examples.CUBE, 1), pool.submit(Examples.CUBE, 2));
        held.awaitTasks(2);
        List<String> ids = pool.shutdownNow();
        assertThat(ids).containsExactlyInAnyOrderElementsOf(held.tasks.stream().map(t -> t.taskId()).toList());
        assertThat(fs).allMatch(CompletableFuture::isCancelled);
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.shutdownNow()).isEmpty();
        assertThatThrownBy(() -> pool.submit(Examples.CUBE, 4)).isInstanceOf(RejectedExecutionException.class);
    }

    @Test void shutdownBetweenMapAndReadingItLetsTheMapFinish() throws Exception {
        start(ScriptedResponder.compute());
        Stream<Integer> cubes = pool.map(Examples.CUBE, IntStream.rangeClosed(1, 10).boxed().toList(),
                MapOptions.builder().maxInFlight(3).build());
        pool.shutdown();
        assertThat(cubes.toList()).isEqualTo(IntStream.rangeClosed(1, 10).map(i -> i * i * i).boxed().toList());
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test void aStartedMapNobodyReadsRunsToTheEndOfItsInputAfterShutdownThenTheExecutorTerminates() throws Exception {
        start(ScriptedResponder.compute());
        pool.mapUnordered(Examples.CUBE, IntStream.rangeClosed(1, 20).boxed().toList(),
                MapOptions.builder().maxInFlight(2).build());
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(responder.received.stream().mapToInt(r -> Math.max(1, r.task().chunk())).sum())
                .as("every input was published (adaptive chunks: fewer messages)").isEqualTo(20);
    }

    @Test void shutdownNowStopsAStartedMapAndItsStreamThrowsCancellation() throws Exception {
        Held held = startHeld();
        Stream<Integer> cubes = pool.map(Examples.CUBE, IntStream.rangeClosed(1, 10).boxed().toList(),
                MapOptions.builder().maxInFlight(2).build());
        held.awaitTasks(2);
        pool.shutdown();
        assertThat(pool.shutdownNow()).hasSize(2);
        assertThatThrownBy(() -> cubes.iterator().hasNext()).isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(held.tasks).hasSize(2);
    }

    @Test void closeWaitsForPendingTasksToEnd() throws Exception {
        Held held = startHeld();
        CompletableFuture<Integer> f = pool.submit(Examples.CUBE, 3);
        held.awaitTasks(1);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(pool::close);
        org.awaitility.Awaitility.await().until(pool::isShutdown);
        assertThat(closing).isNotDone();
        held.answer(0);
        closing.get(10, TimeUnit.SECONDS);
        assertThat(f).isCompletedWithValue(27);
        assertThat(pool.isTerminated()).isTrue();
    }

    @Test void closeInterruptedCancelsPendingTasksAndReassertsTheInterrupt() throws Exception {
        Held held = startHeld();
        CompletableFuture<Integer> f = pool.submit(Examples.CUBE, 3);
        held.awaitTasks(1);
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            pool.close();
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        closer.start();
        org.awaitility.Awaitility.await().until(() -> closer.getState() == Thread.State.WAITING
                || closer.getState() == Thread.State.TIMED_WAITING);
        closer.interrupt();
        closer.join(10_000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(interruptedAfter).isTrue();
        assertThat(f).isCancelled();
        assertThat(pool.isTerminated()).isTrue();
    }

    @Test void eightThreadsSubmittingConcurrentlyAllGetTheirOwnResults() throws Exception {
        start(ScriptedResponder.compute());
        ExecutorService callers = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<List<Integer>>> perThread = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int base = t * 1000;
                perThread.add(callers.submit(() -> {
                    go.await();
                    List<CompletableFuture<Integer>> fs = IntStream.range(base, base + 200)
                            .mapToObj(i -> pool.submit(Examples.CUBE, i % 1000)).toList();
                    return fs.stream().map(CompletableFuture::join).toList();
                }));
            }
            go.countDown();
            for (Future<List<Integer>> r : perThread) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(IntStream.range(0, 200).map(i -> i * i * i).boxed().toList());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test void futuresCompleteOnTheCompletionPoolNotOnAnAmqpClientThread() throws Exception {
        Held held = startHeld();
        CompletableFuture<Integer> f = pool.submit(Examples.CUBE, 3);
        CompletableFuture<String> thread = f.thenApply(x -> Thread.currentThread().getName());
        held.awaitTasks(1);
        held.answer(0);
        assertThat(thread).succeedsWithin(Duration.ofSeconds(10)).asString()
                .startsWith(Threads.COMPLETION_PREFIX).doesNotContain(Threads.AMQP_PREFIX);
    }

    @Test void aGivenCompletionExecutorCompletesTheFutures() throws Exception {
        ExecutorService mine = Executors.newSingleThreadExecutor(r -> new Thread(r, "my-completions"));
        try {
            pool = TaskExecutor.connect(Fixture.options(queue).completionExecutor(mine).build());
            Held held = new Held();
            responder = ScriptedResponder.start(Fixture.broker(), queue, held);
            CompletableFuture<String> thread = pool.submit(Examples.CUBE, 3).thenApply(x -> Thread.currentThread().getName());
            held.awaitTasks(1);
            held.answer(0);
            assertThat(thread).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("my-completions");
            pool.close();
            assertThat(mine.isShutdown()).isFalse(); // not ours to shut down
        } finally {
            mine.shutdownNow();
        }
    }
}
