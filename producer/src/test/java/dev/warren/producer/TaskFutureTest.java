package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import dev.warren.common.WorkerInfo;
import dev.warren.common.internal.ProgressMessage;
import dev.warren.common.internal.ReplyEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What cancel(true/false) tells the workers, and how progress reaches a task's future (no broker). */
class TaskFutureTest {
    private final List<Runnable> queued = new ArrayList<>();
    private final Executor manual = queued::add;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final List<String> notices = new CopyOnWriteArrayList<>();
    private final PendingTasks pending = new PendingTasks("test", manual, timer, () -> { },
            (id, until, interrupt) -> notices.add(id + (interrupt ? " interrupt" : "")));

    @AfterEach void stop() { timer.shutdownNow(); }

    private TaskFuture<String> add(String id) {
        pending.reserve();
        TaskFuture<String> f = new TaskFuture<>(pending::cancel, id);
        pending.add(new Pending<>(id, "echo", new AMQP.BasicProperties(), new byte[0], 0, f,
                r -> new String(r.body(), StandardCharsets.UTF_8)), null);
        return f;
    }

    private void runQueued() {
        while (!queued.isEmpty()) queued.remove(0).run();
    }

    private static ProgressMessage progress(String id, long done, String message) {
        return new ProgressMessage(id, 1, done, 10, message);
    }

    @Test void cancelTrueAsksTheWorkersToInterruptAndCancelFalseDoesNot() {
        TaskFuture<String> a = add("a");
        TaskFuture<String> b = add("b");
        assertThat(a.cancel(true)).isTrue();
        assertThat(b.cancel(false)).isTrue();
        assertThat(a).isCancelled();
        assertThat(b).isCancelled();
        assertThat(notices).containsExactly("a interrupt", "b");
        a.cancel(true); // already cancelled: true, as CompletableFuture says, but nothing more is sent
        assertThat(notices).hasSize(2);
    }

    @Test void shutdownNowStopsRunningTasksAsCancelTrueDoes() {
        add("a");
        add("b");
        assertThat(pending.cancelAll()).containsExactlyInAnyOrder("a", "b");
        assertThat(notices).containsExactlyInAnyOrder("a interrupt", "b interrupt");
    }

    @Test void progressIsKeptAtOnceAndListenersGetTheLatestOnTheCompletionExecutor() {
        TaskFuture<String> f = add("a");
        List<String> seen = new ArrayList<>();
        f.onProgress(p -> seen.add(p.toString()));
        pending.progressed(progress("a", 1, "one"));
        pending.progressed(progress("a", 2, null));
        assertThat(f.progress()).contains(new Progress(2, 10, Optional.empty())); // at once, on the AMQP thread
        assertThat(seen).isEmpty(); // listeners do not run on the AMQP thread
        runQueued();
        assertThat(seen).containsExactly("2/10"); // coalesced: the latest only
        pending.progressed(progress("a", 3, "three"));
        runQueued();
        assertThat(seen).containsExactly("2/10", "3/10 three");
        assertThat(f.progress().orElseThrow().fraction()).hasValue(0.3);
    }

    @Test void progressAfterTheReplyOrForAnUnknownTaskIsIgnored() {
        TaskFuture<String> f = add("a");
        List<Progress> seen = new ArrayList<>();
        f.onProgress(seen::add);
        pending.replied(new ReplyEnvelope("a", true, 1, new WorkerInfo("h", 1, "child-1", 0, 0), null, null, true,
                "\"x\"".getBytes(StandardCharsets.UTF_8)), null, 0);
        pending.progressed(progress("a", 9, "late"));
        pending.progressed(progress("nobody", 1, null));
        runQueued();
        assertThat(f).isCompletedWithValue("\"x\"");
        assertThat(seen).isEmpty();
        assertThat(f.progress()).isEmpty();
    }

    @Test void aThrowingListenerDoesNotStopTheOthers() {
        TaskFuture<String> f = add("a");
        List<Progress> seen = new ArrayList<>();
        f.onProgress(p -> { throw new IllegalStateException("listener bug"); }).onProgress(seen::add);
        pending.progressed(progress("a", 1, null));
        runQueued();
        assertThat(seen).hasSize(1);
    }

    @Test void ofFindsTheTaskFutureOfASubmittedTaskAndRefusesOthers() {
        TaskFuture<String> f = add("a");
        CompletableFuture<String> asSubmitted = f;
        assertThat(TaskFuture.of(asSubmitted).taskId()).isEqualTo("a");
        assertThatThrownBy(() -> TaskFuture.of(f.thenApply(s -> s))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Progress(-1, 0, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Progress(1, 0, Optional.empty()).fraction()).isEmpty();
    }
}
