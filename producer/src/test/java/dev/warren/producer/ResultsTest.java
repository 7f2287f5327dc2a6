package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The chunking, windowing and ordering of map's lazy iterators, with futures completed by hand. */
class ResultsTest {
    /** Records submitted chunks; each gets a future the test completes. */
    static final class FakeSubmit {
        final List<List<Integer>> chunks = new ArrayList<>();
        final List<CompletableFuture<List<Integer>>> futures = new ArrayList<>();

        CompletableFuture<List<Integer>> submit(List<Integer> chunk) {
            chunks.add(List.copyOf(chunk));
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

    @Test void nextChunkTakesUpToChunksizeInputsInOrder() {
        Iterator<Integer> in = List.of(1, 2, 3, 4, 5).iterator();
        assertThat(Results.nextChunk(in, 2)).containsExactly(1, 2);
        assertThat(Results.nextChunk(in, 2)).containsExactly(3, 4);
        assertThat(Results.nextChunk(in, 2)).containsExactly(5);
        assertThat(Results.nextChunk(in, 2)).isEmpty();
    }

    @Test void orderedResultsFollowInputOrderWhateverTheCompletionOrder() {
        FakeSubmit s = new FakeSubmit();
        List<Integer> inputs = IntStream.range(0, 7).boxed().toList();
        Results<Integer, Integer> r = new Results<>(inputs.iterator(), 3, 10, true, s::submit);
        // first hasNext fills the window (3 chunks) and waits for the head: complete in reverse first
        CompletableFuture<List<Integer>> all = CompletableFuture.supplyAsync(() -> {
            List<Integer> out = new ArrayList<>();
            r.forEachRemaining(out::add);
            return out;
        });
        org.awaitility.Awaitility.await().until(() -> s.futures.size() == 3);
        s.complete(2);
        s.complete(1);
        s.complete(0);
        assertThat(all.join()).containsExactly(0, 10, 20, 30, 40, 50, 60);
        assertThat(s.chunks).containsExactly(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6));
    }

    @Test void atMostMaxInFlightMessagesAreOutstandingAndTheInputIsReadLazily() {
        FakeSubmit s = new FakeSubmit();
        Counting in = new Counting();
        Results<Integer, Integer> r = new Results<>(in, 4, 5, true, f -> {
            CompletableFuture<List<Integer>> x = s.submit(f);
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
        Results<Integer, Integer> r = new Results<>(new Counting(), 1, 3, true, s::submit);
        CompletableFuture.runAsync(r::hasNext);
        org.awaitility.Awaitility.await().until(() -> s.futures.size() == 3);
        assertThat(s.futures).hasSize(3); // blocked on the head with a full window, no fourth submission
        s.complete(0); // releases the waiting thread

    }

    @Test void unorderedResultsFollowCompletionOrder() {
        FakeSubmit s = new FakeSubmit();
        Results<Integer, Integer> r = new Results<>(List.of(0, 1, 2).iterator(), 1, 10, false, s::submit);
        CompletableFuture<List<Integer>> all = CompletableFuture.supplyAsync(() -> {
            List<Integer> out = new ArrayList<>();
            r.forEachRemaining(out::add);
            return out;
        });
        org.awaitility.Awaitility.await().until(() -> s.futures.size() == 3);
        s.complete(1);
        org.awaitility.Awaitility.await().until(() -> s.futures.get(1).isDone());
        s.complete(2);
        s.complete(0);
        assertThat(all.join()).containsExactly(10, 20, 0);
    }

    @Test void aFailedMessageThrowsWhenReachedAndCancelsTheRest() {
        FakeSubmit s = new FakeSubmit();
        Results<Integer, Integer> r = new Results<>(List.of(0, 1, 2, 3).iterator(), 2, 10, true, s::submit);
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
        Results<Integer, Integer> r = new Results<>(List.of(0, 1, 2).iterator(), 1, 10, true, s::submit);
        Stream<Integer> stream = r.stream();
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(r::hasNext);
        org.awaitility.Awaitility.await().until(() -> s.futures.size() == 3);
        s.complete(0);
        assertThat(first.join()).isTrue();
        stream.close();
        assertThat(s.futures.subList(1, 3)).allMatch(CompletableFuture::isCancelled);
        assertThatThrownBy(() -> new Results<Integer, Integer>(List.<Integer>of().iterator(), 1, 1, true, s::submit)
                .next()).isInstanceOf(java.util.NoSuchElementException.class);
    }
}
