package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Issue 20 item 4: {@code asCompleted} as Python's {@code as_completed}: each future once, and a timeout. */
class AsCompletedTest {
    @Test void theSameFutureGivenTwiceIsYieldedOnce() {
        CompletableFuture<String> a = CompletableFuture.completedFuture("a");
        CompletableFuture<String> b = CompletableFuture.completedFuture("b");
        List<CompletableFuture<String>> seen = new ArrayList<>();
        for (CompletableFuture<String> f : TaskExecutor.asCompleted(List.of(a, b, a, a))) seen.add(f);
        assertThat(seen).containsExactlyInAnyOrder(a, b);
    }

    @Test void waitingPastTheTimeoutThrowsACompletionExceptionCausedByTimeoutException() {
        CompletableFuture<String> never = new CompletableFuture<>();
        Iterator<CompletableFuture<String>> it = TaskExecutor.asCompleted(List.of(never), Duration.ofMillis(50)).iterator();
        assertThat(it.hasNext()).isTrue();
        assertThatThrownBy(it::next).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(TimeoutException.class).hasMessageContaining("1 of 1 futures");
        assertThat(never).isNotDone(); // as in Python, the futures themselves are left alone
    }

    @Test void futuresAlreadyCompleteAreYieldedEvenAfterTheDeadline() {
        CompletableFuture<String> done = CompletableFuture.completedFuture("x");
        CompletableFuture<String> never = new CompletableFuture<>();
        Iterator<CompletableFuture<String>> it = TaskExecutor.asCompleted(List.of(never, done), Duration.ofNanos(1)).iterator();
        assertThat(it.next()).isSameAs(done);
        assertThatThrownBy(it::next).hasCauseInstanceOf(TimeoutException.class);
    }

    @Test void theDeadlineCountsFromTheCallNotFromEachIteration() {
        CompletableFuture<String> never = new CompletableFuture<>();
        Iterable<CompletableFuture<String>> once = TaskExecutor.asCompleted(List.of(never), Duration.ofMillis(20));
        long callMillis = System.currentTimeMillis();
        org.awaitility.Awaitility.await().until(() -> System.currentTimeMillis() > callMillis + 40);
        Iterator<CompletableFuture<String>> late = once.iterator(); // registered after the deadline passed
        assertThatThrownBy(late::next).hasCauseInstanceOf(TimeoutException.class);
    }

    @Test void aTimeoutThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> TaskExecutor.asCompleted(List.of(), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TaskExecutor.asCompleted(List.of(), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test void anInterruptedWaitThrowsCancellationAndReassertsTheInterrupt() throws Exception {
        CompletableFuture<String> never = new CompletableFuture<>();
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                TaskExecutor.asCompleted(List.of(never)).iterator().next();
            } catch (RuntimeException e) {
                interruptedAfter.set(Thread.currentThread().isInterrupted());
                thrown.complete(e);
            }
        });
        t.start();
        org.awaitility.Awaitility.await().until(() -> t.getState() == Thread.State.WAITING);
        t.interrupt();
        assertThat(thrown.get()).isInstanceOf(CancellationException.class);
        t.join();
        assertThat(interruptedAfter).isTrue();
    }
}
