package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import dev.warren.common.TaskError;
import dev.warren.common.WorkerInfo;
import dev.warren.common.internal.ReplyEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bookkeeping of the pending map: each exit path removes the entry once, and only once. */
class PendingTasksTest {
    private final List<Runnable> queued = new CopyOnWriteArrayList<>();
    /** A completion executor the test drives by hand, so it can tell "removed" from "completed". */
    private final Executor manual = queued::add;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final AtomicInteger idle = new AtomicInteger();
    private final PendingTasks pending = new PendingTasks("test", manual, timer, idle::incrementAndGet);

    { timer.setRemoveOnCancelPolicy(true); } // as TaskExecutor's timer

    @AfterEach void stop() { timer.shutdownNow(); }

    private Pending<String> add(String id, Duration timeout) {
        pending.reserve();
        Pending<String> p = new Pending<>(id, "echo", new AMQP.BasicProperties(), new byte[0], 0,
                new TaskFuture<>(x -> false, id), r -> new String(r.body(), StandardCharsets.UTF_8));
        pending.add(p, timeout);
        return p;
    }

    private static ReplyEnvelope ok(String id, String body) {
        return new ReplyEnvelope(id, true, 1, new WorkerInfo("h", 1, "child-1", 0, 0), null, null, true,
                body.getBytes(StandardCharsets.UTF_8));
    }

    private void runQueued() {
        List<Runnable> now = List.copyOf(queued);
        queued.clear();
        now.forEach(Runnable::run);
    }

    @Test void aReplyRemovesTheEntryAndCompletesOnTheCompletionExecutor() {
        Pending<String> p = add("a", null);
        pending.onReply(ok("a", "one"));
        assertThat(pending.contains("a")).isFalse();
        assertThat(p.future).isNotDone(); // not completed on the calling (AMQP) thread
        runQueued();
        assertThat(p.future).isCompletedWithValue("one");
        assertThat(pending.active()).isZero();
        assertThat(idle.get()).isEqualTo(1);
    }

    @Test void theFirstReplyWinsAndADuplicateIsDropped() {
        Pending<String> p = add("a", null);
        pending.onReply(ok("a", "first"));
        pending.onReply(ok("a", "second"));
        runQueued();
        assertThat(p.future).isCompletedWithValue("first");
        assertThat(queued).isEmpty();
        assertThat(pending.active()).isZero();
    }

    @Test void aReplyForAnUnknownTaskIsDropped() {
        add("a", null);
        pending.onReply(ok("nobody", "x"));
        assertThat(queued).isEmpty();
        assertThat(pending.contains("a")).isTrue();
    }

    @Test void theTimeoutRemovesTheEntryAndFailsWithTimeoutException() throws Exception {
        Pending<String> p = add("a", Duration.ofMillis(20));
        org.awaitility.Awaitility.await().until(() -> !pending.contains("a"));
        runQueued();
        assertThat(p.future).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(TimeoutException.class);
        pending.onReply(ok("a", "late"));
        assertThat(queued).isEmpty();
        assertThat(pending.active()).isZero();
    }

    @Test void aReplyCancelsTheTimeoutTimer() {
        add("a", Duration.ofHours(1));
        assertThat(timer.getQueue()).hasSize(1);
        pending.onReply(ok("a", "x"));
        assertThat(timer.getQueue()).isEmpty();
    }

    @Test void cancelRemovesTheEntrySoALaterReplyIsDropped() {
        Pending<String> p = add("a", Duration.ofHours(1));
        Pending<?> removed = pending.removeForCancel("a");
        assertThat(removed).isSameAs(p);
        assertThat(timer.getQueue()).isEmpty();
        p.future.cancelLocally();
        pending.release();
        pending.onReply(ok("a", "x"));
        assertThat(queued).isEmpty();
        assertThat(p.future).isCancelled();
        assertThat(pending.removeForCancel("a")).isNull();
    }

    @Test void removeAllTakesEveryEntryOnce() {
        add("a", null);
        add("b", null);
        assertThat(pending.removeAll()).extracting(p -> p.taskId).containsExactlyInAnyOrder("a", "b");
        assertThat(pending.removeAll()).isEmpty();
        assertThat(pending.size()).isZero();
    }

    @Test void failAllFailsEveryPendingTaskWithItsOwnError() {
        Pending<String> a = add("a", null);
        Pending<String> b = add("b", null);
        assertThat(pending.failAll(p -> new IllegalStateException("gone " + p.taskId))).isEqualTo(2);
        runQueued();
        assertThat(a.future).isCompletedExceptionally();
        assertThat(b.future.handle((v, e) -> e.getMessage()).join()).isEqualTo("gone b");
        assertThat(pending.active()).isZero();
    }

    @Test void anErrorReplyFailsWithTheDecodersException() {
        pending.reserve();
        Pending<String> p = new Pending<>("e", "fail", new AMQP.BasicProperties(), new byte[0], 0,
                new TaskFuture<>(x -> false, "e"), r -> { throw new RemoteTaskException("fail", "e", r.error(), r.worker()); });
        pending.add(p, null);
        pending.onReply(ReplyEnvelope.error("e", TaskError.of("warren.BadInput", "nope", 1), null, null, null, true));
        runQueued();
        assertThat(p.future.handle((v, e) -> e).join()).isInstanceOf(RemoteTaskException.class)
                .hasMessage("fail failed: warren.BadInput: nope");
    }
}
