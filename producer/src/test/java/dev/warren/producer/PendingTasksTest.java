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

/**
 * The bookkeeping of the pending map: each exit path (reply, timeout, cancel, shutdownNow, broker loss, nack,
 * return, failed publish) removes the entry and completes the future once, and only once.
 */
class PendingTasksTest {
    private final List<Runnable> queued = new CopyOnWriteArrayList<>();
    /** A completion executor the test drives by hand, so it can tell "removed" from "completed". */
    private final Executor manual = queued::add;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final AtomicInteger idle = new AtomicInteger();
    /** Cancel notices sent to workers, with the active count at the time (the notice must go out before the release). */
    private final List<String> notices = new CopyOnWriteArrayList<>();
    private final PendingTasks pending = new PendingTasks("test", manual, timer, idle::incrementAndGet,
            (id, until, interrupt) -> notices.add(id + (interrupt ? " interrupt" : "") + " active=" + this.pendingActive()));

    private int pendingActive() { return pending.active(); }

    { timer.setRemoveOnCancelPolicy(true); } // as TaskExecutor's timer

    @AfterEach void stop() { timer.shutdownNow(); }

    private Pending<String> add(String id, Duration timeout) {
        pending.reserve();
        Pending<String> p = new Pending<>(id, "echo", new AMQP.BasicProperties(), new byte[0], 0,
                new TaskFuture<>(pending::cancel, id), r -> new String(r.body(), StandardCharsets.UTF_8));
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
        pending.replied(ok("a", "one"), null, 0);
        assertThat(pending.contains("a")).isFalse();
        assertThat(p.future).isNotDone(); // not completed on the calling (AMQP) thread
        runQueued();
        assertThat(p.future).isCompletedWithValue("one");
        assertThat(pending.active()).isZero();
        assertThat(idle.get()).isEqualTo(1);
    }

    @Test void theFirstReplyWinsAndADuplicateIsDropped() {
        Pending<String> p = add("a", null);
        pending.replied(ok("a", "first"), null, 0);
        pending.replied(ok("a", "second"), null, 0);
        runQueued();
        assertThat(p.future).isCompletedWithValue("first");
        assertThat(queued).isEmpty();
        assertThat(pending.active()).isZero();
    }

    @Test void aReplyForAnUnknownTaskIsDropped() {
        add("a", null);
        pending.replied(ok("nobody", "x"), null, 0);
        assertThat(queued).isEmpty();
        assertThat(pending.contains("a")).isTrue();
    }

    @Test void theTimeoutRemovesTheEntryAndFailsWithTimeoutException() throws Exception {
        Pending<String> p = add("a", Duration.ofMillis(20));
        org.awaitility.Awaitility.await().until(() -> !pending.contains("a"));
        runQueued();
        assertThat(p.future).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(TimeoutException.class);
        pending.replied(ok("a", "late"), null, 0);
        assertThat(queued).isEmpty();
        assertThat(pending.active()).isZero();
    }

    @Test void aReplyCancelsTheTimeoutTimer() {
        add("a", Duration.ofHours(1));
        assertThat(timer.getQueue()).hasSize(1);
        pending.replied(ok("a", "x"), null, 0);
        assertThat(timer.getQueue()).isEmpty();
    }

    @Test void cancelRemovesTheEntryCompletesOnTheCancellingThreadAndTellsTheWorkersFirst() {
        Pending<String> p = add("a", Duration.ofHours(1));
        assertThat(p.future.cancel(false)).isTrue();
        assertThat(p.future).isCancelled(); // at once, not via the completion executor
        assertThat(queued).isEmpty();
        assertThat(timer.getQueue()).isEmpty();
        assertThat(notices).containsExactly("a active=1"); // the release comes after the notice
        assertThat(pending.active()).isZero();
        assertThat(p.message()).isNull(); // nothing left for the transport to re-publish
        pending.replied(ok("a", "x"), null, 0);
        assertThat(queued).isEmpty();
        assertThat(pending.cancel("a")).isFalse();
        assertThat(notices).hasSize(1);
    }

    @Test void shutdownNowCancelsEveryEntryOnceAndReturnsTheirIds() {
        Pending<String> a = add("a", null);
        Pending<String> b = add("b", null);
        assertThat(pending.cancelAll()).containsExactlyInAnyOrder("a", "b");
        assertThat(a.future).isCancelled();
        assertThat(b.future).isCancelled();
        assertThat(pending.cancelAll()).isEmpty();
        assertThat(pending.size()).isZero();
        assertThat(pending.active()).isZero();
        assertThat(idle.get()).isEqualTo(1);
    }

    @Test void brokerLossFailsEveryPendingTaskWithItsOwnError() {
        Pending<String> a = add("a", null);
        Pending<String> b = add("b", null);
        pending.brokerLost("amqp://guest:****@h:5672", Duration.ofSeconds(60));
        assertThat(pending.size()).isZero();
        runQueued();
        assertThat(a.future.handle((v, e) -> e).join()).isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("amqp://guest:****@h:5672").hasMessageContaining("PT1M")
                .hasMessageContaining("echo a");
        assertThat(b.future.handle((v, e) -> e.getMessage()).join()).contains("echo b");
        assertThat(pending.active()).isZero();
    }

    @Test void aNackFailsTheTaskWithPublishException() {
        Pending<String> p = add("a", Duration.ofHours(1));
        pending.nacked(p, "jobs");
        pending.nacked(p, "jobs"); // a second report finds nothing
        runQueued();
        assertThat(p.future.handle((v, e) -> e).join()).isInstanceOfSatisfying(PublishException.class, e -> {
            assertThat(e.taskId()).isEqualTo("a");
            assertThat(e).hasMessageContaining("nacked").hasMessageContaining("jobs");
        });
        assertThat(timer.getQueue()).isEmpty();
        assertThat(pending.active()).isZero();
    }

    @Test void aReturnFailsTheTaskNamedByItsMessageId() {
        Pending<String> p = add("a", null);
        pending.returned("a", "echo", 312, "NO_ROUTE", "jobs");
        pending.returned("nobody", "echo", 312, "NO_ROUTE", "jobs");
        runQueued();
        assertThat(p.future.handle((v, e) -> e).join()).isInstanceOf(PublishException.class)
                .hasMessageContaining("312 NO_ROUTE").hasMessageContaining("routing key 'jobs'");
        assertThat(queued).isEmpty();
        assertThat(pending.active()).isZero();
    }

    @Test void aPublishThatFailedOnAnOpenChannelFailsTheTask() {
        Pending<String> p = add("a", null);
        pending.publishFailed(p, new IllegalStateException("channel closed"));
        runQueued();
        assertThat(p.future.handle((v, e) -> e).join()).isInstanceOf(PublishException.class)
                .hasMessageContaining("channel closed").hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test void aConfirmReleasesTheMessageButKeepsTheTaskPending() {
        Pending<String> p = add("a", null);
        pending.confirmed(p);
        assertThat(p.message()).isNull();
        assertThat(pending.contains("a")).isTrue();
        assertThat(p.future).isNotDone();
    }

    @Test void anEndedTaskHasNoMessageLeftToRepublish() {
        Pending<String> p = add("a", null);
        assertThat(p.message()).isNotNull();
        pending.replied(ok("a", "x"), null, 0);
        assertThat(p.message()).isNull();
    }

    @Test void anErrorReplyFailsWithTheDecodersException() {
        pending.reserve();
        Pending<String> p = new Pending<>("e", "fail", new AMQP.BasicProperties(), new byte[0], 0,
                new TaskFuture<>(pending::cancel, "e"), r -> { throw new RemoteTaskException("fail", "e", r.error(), r.worker()); });
        pending.add(p, null);
        pending.replied(ReplyEnvelope.error("e", TaskError.of("warren.BadInput", "nope", 1), null, null, null, true), null, 0);
        runQueued();
        assertThat(p.future.handle((v, e) -> e).join()).isInstanceOf(RemoteTaskException.class)
                .hasMessage("fail failed: warren.BadInput: nope");
    }
}
