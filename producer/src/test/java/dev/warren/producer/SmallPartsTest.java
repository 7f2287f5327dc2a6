package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.common.TaskError;
import dev.warren.common.TaskType;
import dev.warren.common.WarrenException;
import dev.warren.common.WorkerInfo;
import dev.warren.common.internal.ReplyEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SmallPartsTest {
    private static ReplyEnvelope ok(String body) {
        return new ReplyEnvelope("t1", true, 2, new WorkerInfo("h", 7, "child-3", 1, 2), "tp", null, true,
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test void onlyW3cTraceparentsWithNonZeroIdsAreValid() {
        assertThat(Trace.valid("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isTrue();
        assertThat(Trace.valid("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")).isTrue();
        assertThat(Trace.valid("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isFalse();
        assertThat(Trace.valid("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).isFalse();
        assertThat(Trace.valid("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isFalse();
        assertThat(Trace.valid("garbage")).isFalse();
        assertThat(Trace.valid(null)).isFalse();
    }

    @Test void futureOutcomesAreOkErrorTimeoutOrCancelled() {
        assertThat(ProducerMetrics.OUTCOMES[ProducerMetrics.outcome(null)]).isEqualTo("ok");
        assertThat(ProducerMetrics.OUTCOMES[ProducerMetrics.outcome(new IllegalStateException())]).isEqualTo("error");
        assertThat(ProducerMetrics.OUTCOMES[ProducerMetrics.outcome(new java.util.concurrent.TimeoutException())])
                .isEqualTo("timeout");
        assertThat(ProducerMetrics.OUTCOMES[ProducerMetrics.outcome(new java.util.concurrent.CompletionException(
                new java.util.concurrent.CancellationException()))]).isEqualTo("cancelled");
    }

    @Test void remoteTaskExceptionNamesTaskChildPidHostTypeAndMessage() {
        RemoteTaskException e = new RemoteTaskException("cube", "id", new TaskError("java.lang.ArithmeticException",
                "/ by zero", "stack", 1, true), new WorkerInfo("host", 123, "child-1", 0, 0));
        assertThat(e).hasMessage("cube failed in child-1 pid 123 on host: java.lang.ArithmeticException: / by zero");
        assertThat(e).isInstanceOf(WarrenException.class);
        assertThat(e.remoteStack()).isEqualTo("stack");
        assertThat(new RemoteTaskException("x", "id", TaskError.of("warren.UnknownTask", "", 1), null))
                .hasMessage("x failed: warren.UnknownTask");
    }

    @Test void resultDecoderCarriesWhereAndHowItRan() {
        TaskResult<Integer> r = Outputs.result(TaskType.of("cube", Integer.class, Integer.class)).decode(ok("27"));
        assertThat(r).isEqualTo(new TaskResult<>(27, "t1", 2, new WorkerInfo("h", 7, "child-3", 1, 2), "tp"));
    }

    @Test void chunkDecoderReadsAnArrayOfOutputsAndChecksItsLength() {
        TaskType<Integer, Integer> cube = TaskType.of("cube", Integer.class, Integer.class);
        assertThat(Outputs.chunk(cube, 3).decode(ok("[1,8,27]"))).containsExactly(1, 8, 27);
        assertThatThrownBy(() -> Outputs.chunk(cube, 3).decode(ok("[1,8]"))).hasMessageContaining("2 outputs for 3 inputs");
        assertThatThrownBy(() -> Outputs.chunk(cube, 1).decode(ok("27"))).hasMessageContaining("cannot decode");
        assertThat(Outputs.single(cube).decode(ok("null"))).containsExactly((Integer) null);
    }

    @Test void undecodableOutputNamesTheTaskAndType() {
        assertThatThrownBy(() -> Outputs.value(TaskType.of("cube", Integer.class, Integer.class)).decode(ok("\"x\"")))
                .isInstanceOf(WarrenException.class).hasMessageContaining("cube t1").hasMessageContaining("java.lang.Integer");
    }

    @Test void asCompletedYieldsFuturesInCompletionOrder() {
        CompletableFuture<String> a = new CompletableFuture<>();
        CompletableFuture<String> b = new CompletableFuture<>();
        CompletableFuture<String> c = new CompletableFuture<>();
        b.complete("b");
        Iterable<CompletableFuture<String>> it = TaskExecutor.asCompleted(List.of(a, b, c));
        CompletableFuture<List<String>> seen = CompletableFuture.supplyAsync(() -> {
            List<String> out = new ArrayList<>();
            for (CompletableFuture<String> f : it) out.add(f.join());
            return out;
        });
        c.complete("c");
        org.awaitility.Awaitility.await().until(() -> !seen.isDone() && c.isDone());
        a.complete("a");
        assertThat(seen.join()).containsExactly("b", "c", "a");
    }
}
