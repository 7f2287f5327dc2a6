package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import dev.warren.common.Protocol;
import dev.warren.common.TaskError;
import dev.warren.common.WorkerInfo;
import dev.warren.common.internal.ReplyEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pending map's re-attach and retry paths: held unclaimed replies, attach, and the decision to retry. */
class ReattachRetryTest {
    private final List<Runnable> queued = new CopyOnWriteArrayList<>();
    private final Executor manual = queued::add;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final List<Pending<?>> republished = new CopyOnWriteArrayList<>();
    private final ReplyConsumer consumer = new ReplyConsumer(null, (r, f, t) -> true, p -> { }, () -> { },
            new WriteWatch("test", java.time.Duration.ofSeconds(10)));

    @AfterEach void stop() { timer.shutdownNow(); }

    private PendingTasks pending(Duration retention) {
        return new PendingTasks("test", manual, timer, () -> { }, (id, until, interrupt) -> { }, republished::add, retention);
    }

    private static Pending<String> pendingTask(PendingTasks pending, String id, RetryPolicy policy) {
        pending.reserve();
        Pending<String> p = new Pending<>(id, "echo", new AMQP.BasicProperties(), new byte[0], 0,
                new TaskFuture<>(pending::cancel, id), r -> {
                    if (!r.ok()) throw new RemoteTaskException("echo", id, r.error(), r.worker());
                    return new String(r.body(), StandardCharsets.UTF_8);
                });
        if (policy != null) p.retry = new Retry(policy, p.message().props(), new byte[0]);
        return p;
    }

    private static ReplyEnvelope ok(String id, String body) {
        return new ReplyEnvelope(id, true, 1, new WorkerInfo("h", 1, "child-1", 0, 0), null, null, true,
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static ReplyEnvelope error(String id, String type, boolean retryable) {
        return ReplyEnvelope.error(id, new TaskError(type, "it broke", "", 1, retryable), null, null, null, true);
    }

    private void runQueued() {
        List<Runnable> now = List.copyOf(queued);
        queued.clear();
        now.forEach(Runnable::run);
    }

    @Test void aReplyNobodyAwaitsIsHeldUnackedAndCompletesALaterAttach() {
        PendingTasks pending = pending(Duration.ofHours(1));
        assertThat(pending.replied(ok("a", "one"), consumer, 1)).as("held: not acked").isFalse();
        assertThat(pending.unclaimed()).isEqualTo(1);
        Pending<String> p = pendingTask(pending, "a", null);
        pending.attach(p, null);
        runQueued();
        assertThat(p.future).isCompletedWithValue("one");
        assertThat(pending.unclaimed()).isZero();
        assertThat(pending.active()).isZero();
    }

    @Test void anAttachBeforeTheReplyWaitsForItAndOtherIdsStayHeld() {
        PendingTasks pending = pending(Duration.ofHours(1));
        Pending<String> p = pendingTask(pending, "a", null);
        pending.attach(p, null);
        assertThat(pending.replied(ok("b", "other"), consumer, 1)).isFalse();
        assertThat(pending.replied(ok("a", "mine"), consumer, 2)).isTrue();
        runQueued();
        assertThat(p.future).isCompletedWithValue("mine");
        assertThat(pending.unclaimed()).as("b's reply is still held for whoever claims it").isEqualTo(1);
    }

    @Test void attachingTwiceToOneIdIsRefused() {
        PendingTasks pending = pending(Duration.ofHours(1));
        pending.attach(pendingTask(pending, "a", null), null);
        assertThatThrownBy(() -> pending.attach(pendingTask(pending, "a", null), null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already awaited");
        assertThat(pending.active()).isEqualTo(1);
    }

    @Test void aHeldReplyIsDroppedAfterItsRetention() {
        PendingTasks pending = pending(Duration.ofMillis(50));
        pending.replied(ok("a", "one"), consumer, 1);
        Awaitility.await().until(() -> pending.unclaimed() == 0);
    }

    @Test void withoutAStableClientIdAnUnknownReplyIsDroppedAtOnce() {
        PendingTasks pending = pending(null);
        assertThat(pending.replied(ok("a", "one"), consumer, 1)).isTrue();
        assertThat(pending.unclaimed()).isZero();
    }

    @Test void aRetryableErrorKeepsTheTaskPendingAndRepublishesItsNextAttempt() {
        PendingTasks pending = pending(null);
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(2).backoff(Duration.ofMillis(10), Duration.ofMillis(10)).build();
        Pending<String> p = pendingTask(pending, "a", policy);
        pending.add(p, null);
        pending.replied(error("a", "java.lang.IllegalStateException", true), consumer, 1);
        assertThat(pending.contains("a")).isTrue();
        Awaitility.await().until(() -> republished.size() == 1);
        assertThat(p.message().props().getHeaders()).containsEntry(Protocol.H_PRODUCER_ATTEMPT, 2).containsEntry(Protocol.H_ATTEMPT, 1);
        pending.replied(error("a", "java.lang.IllegalStateException", true), consumer, 2);
        runQueued();
        assertThat(p.future.handle((v, e) -> e).join()).isInstanceOfSatisfying(RemoteTaskException.class, e -> {
            assertThat(e.history()).extracting(RemoteTaskException.Attempt::number).containsExactly(1, 2);
            assertThat(e.getMessage()).contains("(after 2 attempts: 1: java.lang.IllegalStateException: it broke; 2: ");
        });
    }

    @Test void anErrorNotFlaggedRetryableEndsTheTaskAtOnce() {
        PendingTasks pending = pending(null);
        Pending<String> p = pendingTask(pending, "a", RetryPolicy.attempts(5));
        pending.add(p, null);
        pending.replied(error("a", "warren.WorkerCrashed", false), consumer, 1);
        runQueued();
        assertThat(p.future).isCompletedExceptionally();
        assertThat(republished).isEmpty();
    }

    @Test void alsoRetryRetriesAnErrorNotFlaggedRetryable() {
        RetryPolicy p = RetryPolicy.builder().maxAttempts(2).alsoRetry(java.util.Set.of("warren.WorkerCrashed")).build();
        assertThat(p.retries(new TaskError("warren.WorkerCrashed", "", "", 3, false))).isTrue();
        assertThat(p.retries(new TaskError("warren.Cancelled", "", "", 1, true))).isFalse();
        assertThat(p.retries(new TaskError("x.Boom", "", "", 1, true))).isTrue();
        assertThat(p.delay(1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test void aRetryPolicyOutOfRangeNamesTheSetting() {
        assertThatThrownBy(() -> RetryPolicy.attempts(0)).hasMessageContaining("maxAttempts must be at least 1: 0");
        assertThatThrownBy(() -> RetryPolicy.builder().jitter(2).build()).hasMessageContaining("jitter must be 0..1: 2.0");
    }

    @Test void anAttachedFutureTimesOutLikeAnyTask() {
        PendingTasks pending = pending(Duration.ofHours(1));
        Pending<String> p = pendingTask(pending, "a", null);
        pending.attach(p, Duration.ofMillis(20));
        Awaitility.await().until(() -> !pending.contains("a"));
        runQueued();
        assertThat(p.future.handle((v, e) -> e).join()).isInstanceOf(java.util.concurrent.TimeoutException.class);
        assertThat(pending.active()).isZero();
    }

    @Test void cancellingAnAttachedFutureEndsItAndALaterReplyIsHeldForSomeoneElse() {
        PendingTasks pending = pending(Duration.ofHours(1));
        Pending<String> p = pendingTask(pending, "a", null);
        pending.attach(p, null);
        assertThat(p.future.cancel(true)).isTrue();
        assertThat(pending.active()).isZero();
        assertThat(pending.replied(ok("a", "late"), consumer, 1)).isFalse();
        assertThat(pending.unclaimed()).isEqualTo(1);
    }

    @Test void aTaskCancelledDuringItsBackoffIsNotPublishedAgain() throws Exception {
        PendingTasks pending = pending(null);
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).backoff(Duration.ofMillis(100), Duration.ofMillis(100)).build();
        Pending<String> p = pendingTask(pending, "a", policy);
        pending.add(p, null);
        pending.replied(error("a", "java.lang.IllegalStateException", true), consumer, 1);
        assertThat(p.future.cancel(false)).isTrue();
        java.util.concurrent.ScheduledFuture<?> after = timer.schedule(() -> { }, 300, java.util.concurrent.TimeUnit.MILLISECONDS);
        after.get(); // the retry's timer (100 ms) ran before this one
        assertThat(republished).isEmpty();
        assertThat(p.message()).isNull();
    }

    @Test void aClientIdFromTheEnvironmentIsStableAndABadOneNamesTheVariable() {
        ProducerOptions given = ProducerOptions.builder().uri("amqp://h").environment(java.util.Map.of("WARREN_CLIENT_ID", "billing-1")).build();
        assertThat(given.clientId()).isEqualTo("billing-1");
        assertThat(given.stableClientId()).isTrue();
        assertThat(given.replyQueueExpiry()).isEqualTo(ProducerOptions.DEFAULT_STABLE_REPLY_QUEUE_EXPIRY);
        ProducerOptions generated = ProducerOptions.builder().uri("amqp://h").environment(java.util.Map.of()).build();
        assertThat(generated.stableClientId()).isFalse();
        assertThat(generated.replyQueueExpiry()).isEqualTo(ProducerOptions.DEFAULT_REPLY_QUEUE_EXPIRY);
        assertThatThrownBy(() -> ProducerOptions.builder().uri("amqp://h").environment(java.util.Map.of("WARREN_CLIENT_ID", "a b")).build())
                .hasMessage("WARREN_CLIENT_ID must be 1..200 of [A-Za-z0-9._:-]: a b");
        assertThatThrownBy(() -> ProducerOptions.builder().uri("amqp://h").unclaimedReplyRetention(Duration.ZERO).build())
                .hasMessageContaining("unclaimedReplyRetention must be positive");
    }
}
