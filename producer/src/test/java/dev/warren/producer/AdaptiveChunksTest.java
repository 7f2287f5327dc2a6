package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The adaptive chunker's decisions, fed measurements by hand on a hand-driven clock. */
class AdaptiveChunksTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AdaptiveChunks chunks = new AdaptiveChunks(1000, nanos::get);

    private void advanceMillis(long ms) { nanos.addAndGet(ms * 1_000_000L); }

    @Test void beforeAnyResultEveryMessageHoldsOneInputAndTheWindowDoublesEveryTick() {
        assertThat(chunks.nextSize()).isEqualTo(1);
        assertThat(chunks.window()).isEqualTo(AdaptiveChunks.PROBE_WINDOW);
        assertThat(chunks.growing()).isTrue();
        advanceMillis(AdaptiveChunks.PROBE_TICK_MILLIS);
        assertThat(chunks.window()).isEqualTo(2 * AdaptiveChunks.PROBE_WINDOW);
        advanceMillis(10L * AdaptiveChunks.PROBE_TICK_MILLIS);
        assertThat(chunks.window()).isEqualTo(1000);
        assertThat(chunks.growing()).isFalse();
        assertThat(chunks.nextSize()).isEqualTo(1);
    }

    @Test void aTaskLongerThanTheTargetAlwaysTravelsAloneAndOpensTheWholeWindow() {
        chunks.measured(1, 10_000);
        assertThat(chunks.window()).isEqualTo(1000);
        assertThat(chunks.growing()).isFalse();
        assertThat(chunks.nextSize()).isEqualTo(1);
        chunks.measured(1, AdaptiveChunks.TARGET_MILLIS);
        assertThat(chunks.nextSize()).isEqualTo(1);
    }

    @Test void subMillisecondTasksGrowToTheLargestChunkButNoFasterThanHalvingTheEstimatePerReply() {
        chunks.measured(1, 0); // at most 1 ms per input: the worst case
        assertThat(chunks.nextSize()).isEqualTo(AdaptiveChunks.TARGET_MILLIS);
        chunks.measured(20, 0); // at most 50 µs per input, but one reply only halves the estimate
        assertThat(chunks.nextSize()).isEqualTo(2 * AdaptiveChunks.TARGET_MILLIS);
        for (int i = 0; i < 20; i++) chunks.measured(chunks.nextSize(), 0);
        assertThat(chunks.nextSize()).isEqualTo(AdaptiveChunks.MAX_INPUTS);
    }

    @Test void lateSingleInputRepliesDoNotPullALargeChunkBackDown() {
        for (int i = 0; i < 20; i++) chunks.measured(Math.max(1, chunks.nextSize()), 0);
        int large = chunks.nextSize();
        chunks.measured(1, 0); // consistent with any estimate under 1 ms per input
        assertThat(chunks.nextSize()).isEqualTo(large);
    }

    @Test void aSlowerMeasurementShrinksTheNextChunkAtOnce() {
        for (int i = 0; i < 20; i++) chunks.measured(Math.max(1, chunks.nextSize()), 0);
        chunks.measured(100, 500); // 5 ms per input
        assertThat(chunks.nextSize()).isEqualTo(3); // 20 ms / just over 5 ms, rounded down
        chunks.measured(4, 400); // 100 ms per input: alone from now on
        assertThat(chunks.nextSize()).isEqualTo(1);
    }

    @Test void largeInputsCapTheChunkAtTheByteBudget() {
        for (int i = 0; i < 20; i++) chunks.measured(Math.max(1, chunks.nextSize()), 0);
        chunks.encoded(1, 16 * 1024);
        assertThat(chunks.nextSize()).isEqualTo(AdaptiveChunks.BYTE_BUDGET / (16 * 1024));
        chunks.encoded(1, AdaptiveChunks.BYTE_BUDGET * 2);
        assertThat(chunks.nextSize()).isEqualTo(1);
    }
}
