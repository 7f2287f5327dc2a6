package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The chunking, windowing, ordering, shutdown and deadline of map's iterators, with futures completed by hand. */
class ResultsTest {
    /** Records submitted chunks and their deadlines; each gets a future the test completes. */
    static final class FakeSubmit implements Results.Submit<Integer, Integer> {
        final List<List<Integer>> chunks = new CopyOnWriteArrayList<>();
        final List<Long> deadlines = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<List<Integer>>> futures = new CopyOnWriteArrayList<>();

        @Override public CompletableFuture<List<Integer>> submit(List<Integer> chunk, long deadline) {
            chunks.add(List.copyOf(chunk));
            deadlines.add(deadline);
            CompletableFuture<List<Integer>> f = new CompletableFuture<>();
            futures.add(f);
            return f;
        }

        void complete(int i) {
            futures.get(i).complete(chunks.get(i).stream().map(x -> x * 10).collect(Collectors.toList()));
        }
    }

    /** An endless input that counts how far it was read. */
    static final class Counting implements Iterator<Integer> {
        final AtomicInteger read = new AtomicInteger();
        @Override public boolean hasNext() { return true; }
        @Override public Integer next() { return read.getAndIncrement(); }
    }

    private final AtomicInteger ended = new AtomicInteger();
    private final AtomicLong clock = new AtomicLong(1_000);

    private Results<Integer, Integer> results(Iterator<Integer> in, int chunksize, int window, boolean ordered,
                                              Results.Submit<Integer, Integer> submit) {
        return withDeadline(in, chunksize, window, ordered, 0, submit);
    }

    private Results<Integer, Integer> withDeadline(Iterator<Integer> in, int chunksize, int window, boolean ordered,
                                                   long deadline, Results.Submit<Integer, Integer> submit) {
        return new Results<>(in, Chunking.fixed(chunksize, window), ordered, deadline, clock::get, submit,
                r -> ended.incrementAndGet());
    }

    private static <T> CompletableFuture<List<T>> drain(Iterator<T> it) {
        return CompletableFuture.supplyAsync(() -> {
            List<T> out = new ArrayList<>();
            it.forEachRemaining(out::add);
            return out;
        });
    }

    @Test void nextChunkTakesUpToChunksizeInputsInOrder() {
        Iterator<Integer> in = List.of(1, 2, 3, 4, 5).iterator();
        assertThat(Results.nextChunk(in, 2)).containsExactly(1, 2);
        assertThat(Results.nextChunk(in, 2)).containsExactly(3, 4);
        assertThat(Results.nextChunk(in, 2)).containsExactly(5);
        assertThat(Results.nextChunk(in, 2)).isEmpty();
    }

    @Test void orderedResultsFollowInputOrderWhateverTheCompletionOrder() {
        FakeSubmit s = new FakeSubmit();
        Results<Integer, Integer> r = results(IntStream.range(0, 7).boxed().iterator(), 3, 10, true, s);
        CompletableFuture<List<Integer>> all = drain(r);
        org.awaitility.Awaitility.await().until(() -> s.futures.size() == 3);
        s.complete(2);
        s.complete(1);
        s.complete(0);
        assertThat(all.join()).containsExactly(0, 10, 20, 30, 40, 50, 60);
        assertThat(s.chunks).containsExactly(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6));
    }

    @Test void startPublishesTheFirstWindowBeforeAnythingIsRead() {
        FakeSubmit s = new FakeSubmit();
        Counting in = new Counting();
        results(in, 2, 3, true, s).start();
        assertThat(s.chunks).containsExactly(List.of(0, 1), List.of(2, 3), List.of(4, 5));
        assertThat(in.read.get()).isEqualTo(6);
    }

    @Test void aFailureToSubmitAtStartIsThrownAndCancelsWhatWentOut() {
        FakeSubmit s = new FakeSubmit();
        Results<Integer, Integer> r = results(List.of(1, 2, 3).iterator(), 1, 10, true, (chunk, d) -> {
            if (chunk.get(0) == 3) throw new RejectedExecutionException("shut down");
            return s.submit(chunk, d);
        });
        assertThatThrownBy(r::start).isInstanceOf(RejectedExecutionException.class);
        assertThat(s.futures).hasSize(2).allMatch(CompletableFuture::isCancelled);
        assertThat(ended).hasValue(1);
    }

    @Test void atMostMaxInFlightMessagesAreOutstandingAndTheInputIsReadLazily() {
        FakeSubmit s = new FakeSubmit();
        Counting in = new Counting();
        Results<Integer, Integer> r = results(in, 4, 5, true, (chunk, d) -> {
            CompletableFuture<List<Integer>> x = s.submit(chunk, d);
            s.complete(s.futures.size() - 1);
            return x;
        });
        Stream<Integer> stream = r.stream();
        assertThat(stream.limit(10).toList()).containsExactly(0, 10, 20, 30, 40, 50, 60, 70, 80, 90);
        assertThat(s.chunks).hasSizeLessThanOrEqualTo(5 + 3);
        assertThat(in.read.get()).isLessThanOrEqualTo((5 + 3) * 4);
    }

    @Test void theWindowNeverExceedsMaxInFlightWhileTheHeadIsPending() {
        FakeSubmit s = new FakeSubmit();
        Results<Integer, Integer> r = results(new Counting(), 1, 3, true, s);
        CompletableFuture.runAsync(r::hasNext);
        org.awaitility.Awaitility.await().until(() -> s.futures.size() == 3);
        assertThat(s.futures).hasSize(3); // blocked on the head with a full window, no fourth submission
        s.complete(0); // releases the waiting thread
    }

    @Test void aDetachedRunPublishesItsWholeInputAsMessagesCompleteWithoutAReader() {
        FakeSubmit s = new FakeSubmit();
        Results<Integer, Integer> r = results(IntStream.range(0, 5).boxed().iterator(), 1, 2, true, s);
        r.start();
        assertThat(s.futures).hasSize(2);
        r.detach();
        assertThat(s.futures).hasSize(2); // the window is full: nothing more yet
        s.complete(0);
        assertThat(s.futures).hasSize(3); // the completion topped the window up, nobody read anything
        s.complete(1);
        s.complete(2);
        assertThat(ended).hasValue(0);
        s.complete(3);
        assertThat(s.futures).hasSize(5);
        assertThat(ended).hasValue(1); // nothing more to publish: the executor may terminate once these complete
        s.complete(4);
        assertThat(r.stream().toList()).containsExactly(0, 10, 20, 30, 40); // a late reader still gets everything
    }

    @Test void aDetachedRunCountsOnlyMessagesInFlightAgainstItsWindow() {
        FakeSubmit s = new FakeSubmit();
        Results<Integer, Integer> r = results(IntStream.range(0, 4).boxed().iterator(), 1, 1, false, s);
        r.start();
        s.complete(0); // completed but unread: while a reader drives the run, it still takes the window
        assertThat(s.futures).hasSize(1);
        r.detach();
        assertThat(s.futures).hasSize(2);
        assertThat(s.futures.get(1)).isNotDone();
    }

    @Test void everyMessageCarriesTheOneDeadlineOfTheCall() {
        FakeSubmit s = new FakeSubmit();
        Results<Integer, Integer> r = withDeadline(IntStream.range(0, 3).boxed().iterator(), 1, 1, true, 5_000, s);
        r.start();
        CompletableFuture<List<Integer>> all = drain(r);
        clock.set(2_000);
        s.complete(0);
        org.awaitility.Awaitility.await().until(() -> s.futures.size() == 2);
        clock.set(4_999);
        s.complete(1);
        org.awaitility.Awaitility.await().until(() -> s.futures.size() == 3);
        s.complete(2);
        assertThat(all.join()).containsExactly(0, 10, 20);
        assertThat(s.deadlines).containsExactly(5_000L, 5_000L, 5_000L); // not each message's own publication + timeout
    }

    @Test void pastTheDeadlineNothingMoreIsPublishedAndTheReaderGetsATimeoutWhereTheNextResultWouldBe() {
        FakeSubmit s = new FakeSubmit();
        Results<Integer, Integer> r = withDeadline(IntStream.range(0, 3).boxed().iterator(), 1, 1, true, 5_000, s);
        r.start();
        s.complete(0);
        clock.set(5_000);
        assertThat(r.next()).isZero();
        assertThatThrownBy(r::next).isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(s.futures).hasSize(1);
        assertThat(ended).hasValue(1);
    }

    @Test void unorderedResultsFollowCompletionOrder() {
        FakeSubmit s = new FakeSubmit();
        Results<Integer, Integer> r = results(List.of(0, 1, 2).iterator(), 1, 10, false, s);
        CompletableFuture<List<Integer>> all = drain(r);
        org.awaitility.Awaitility.await().until(() -> s.futures.size() == 3);
        s.complete(1);
        org.awaitility.Awaitility.await().until(() -> s.futures.get(1).isDone());
        s.complete(2);
        s.complete(0);
        assertThat(all.join()).containsExactly(10, 20, 0);
    }

    @Test void aFailedMessageThrowsWhenReachedAndCancelsTheRest() {
        FakeSubmit s = new FakeSubmit();
        Results<Integer, Integer> r = results(List.of(0, 1, 2, 3).iterator(), 2, 10, true, s);
        CompletableFuture<Throwable> thrown = CompletableFuture.supplyAsync(() -> {
            try {
                r.forEachRemaining(x -> { });
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        org.awaitility.Awaitility.await().until(() -> s.futures.size() == 2);
        s.futures.get(0).completeExceptionally(new IllegalStateException("chunk failed"));
        assertThat(thrown.join()).isInstanceOf(IllegalStateException.class).hasMessage("chunk failed");
        assertThat(s.futures.get(1)).isCancelled();
    }

    @Test void closingTheStreamCancelsOutstandingMessages() {
        FakeSubmit s = new FakeSubmit();
        Results<Integer, Integer> r = results(List.of(0, 1, 2).iterator(), 1, 10, true, s);
        Stream<Integer> stream = r.stream();
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(r::hasNext);
        org.awaitility.Awaitility.await().until(() -> s.futures.size() == 3);
        s.complete(0);
        assertThat(first.join()).isTrue();
        stream.close();
        assertThat(s.futures.subList(1, 3)).allMatch(CompletableFuture::isCancelled);
        assertThat(ended).hasValue(1);
        assertThatThrownBy(() -> results(List.<Integer>of().iterator(), 1, 1, true, s).next())
                .isInstanceOf(java.util.NoSuchElementException.class);
    }

    @Test void cancelledByTheExecutorTheReaderGetsCancellationNotAnEarlyEnd() {
        FakeSubmit s = new FakeSubmit();
        Results<Integer, Integer> ordered = results(List.of(0, 1).iterator(), 1, 10, true, s);
        ordered.start();
        ordered.cancel();
        assertThat(s.futures).allMatch(CompletableFuture::isCancelled);
        assertThatThrownBy(ordered::hasNext).isInstanceOf(CancellationException.class);
        Results<Integer, Integer> unordered = results(List.of(0, 1).iterator(), 1, 10, false, s);
        CompletableFuture<List<Integer>> blocked = drain(unordered); // waits in take() for a completion
        org.awaitility.Awaitility.await().until(() -> s.futures.size() == 4);
        unordered.cancel();
        assertThat(blocked).failsWithin(java.time.Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(CancellationException.class);
    }

    @Test void aChunkRefusedAsTooLargeIsSplitAndItsBackHalfLeadsTheNextChunk() {
        FakeSubmit s = new FakeSubmit();
        Results.Submit<Integer, Integer> refuseOverTwo = (chunk, d) -> chunk.size() > 2 ? null : s.submit(chunk, d);
        Results<Integer, Integer> r = results(IntStream.range(0, 6).boxed().iterator(), 5, 10, true, refuseOverTwo);
        r.start();
        assertThat(s.chunks).containsExactly(List.of(0, 1), List.of(2, 3), List.of(4, 5));
        for (int i = 0; i < s.chunks.size(); i++) s.complete(i);
        assertThat(r.stream().toList()).containsExactly(0, 10, 20, 30, 40, 50);
    }

    @Test void aGrowingWindowIsToppedUpWhileTheReaderWaits() throws Exception {
        FakeSubmit s = new FakeSubmit();
        AtomicInteger window = new AtomicInteger(1);
        Chunking growing = new Chunking() {
            @Override public int nextSize() { return 1; }
            @Override public int window() { return window.get(); }
            @Override public boolean growing() { return window.get() < 3; }
            @Override public boolean singleAsItself() { return true; }
        };
        Results<Integer, Integer> r = new Results<>(IntStream.range(0, 3).boxed().iterator(), growing, true, 0, clock::get,
                s, x -> ended.incrementAndGet());
        r.start();
        assertThat(s.chunks).hasSize(1);
        CompletableFuture<List<Integer>> out = drain(r);
        window.set(3); // grows with time alone: no completion, no read
        org.awaitility.Awaitility.await().until(() -> s.chunks.size() == 3);
        for (int i = 0; i < 3; i++) s.complete(i);
        assertThat(out.get(10, java.util.concurrent.TimeUnit.SECONDS)).containsExactly(0, 10, 20);
    }
}
