package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.warren.worker.child.RecyclePolicy.Verdict;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When a child asks to be recycled: max tasks, max memory, once. */
class RecyclePolicyTest {
    final AtomicLong residentMb = new AtomicLong(100);

    @Test void withoutLimitsAChildNeverAsksAndNeverReadsItsMemory() {
        RecyclePolicy p = new RecyclePolicy(0, 0, () -> fail("memory read without a ceiling"));
        for (int i = 0; i < 1000; i++) assertThat(p.afterTask()).isEqualTo(Verdict.KEEP_GOING);
        assertThat(p.asked()).isFalse();
        assertThat(p.tasksDone()).isEqualTo(1000);
    }

    @Test void afterMaxTasksTheChildStopsConsumingAndAsksOnce() {
        RecyclePolicy p = new RecyclePolicy(2, 0, residentMb::get);
        assertThat(p.afterTask()).isEqualTo(Verdict.KEEP_GOING);
        assertThat(p.afterTask()).isEqualTo(Verdict.MAX_TASKS);
        assertThat(p.asked()).isTrue();
        assertThat(p.afterTask()).isEqualTo(Verdict.KEEP_GOING);
        assertThat(p.tasksDone()).isEqualTo(3);
        assertThat(Verdict.MAX_TASKS.reason()).isEqualTo("max-tasks");
    }

    @Test void aChildOverItsMemoryCeilingAsksOnceAndKeepsConsuming() {
        RecyclePolicy p = new RecyclePolicy(0, 512, residentMb::get);
        assertThat(p.afterTask()).isEqualTo(Verdict.KEEP_GOING);
        residentMb.set(513);
        assertThat(p.afterTask()).isEqualTo(Verdict.MAX_MEMORY);
        assertThat(p.lastResidentMb()).isEqualTo(513);
        assertThat(p.afterTask()).isEqualTo(Verdict.KEEP_GOING);
        assertThat(Verdict.MAX_MEMORY.reason()).isEqualTo("max-memory");
        assertThat(Verdict.KEEP_GOING.reason()).isNull();
    }

    @Test void memoryExactlyAtTheCeilingIsNotOverIt() {
        residentMb.set(512);
        assertThat(new RecyclePolicy(0, 512, residentMb::get).afterTask()).isEqualTo(Verdict.KEEP_GOING);
    }

    @Test void theTaskLimitWinsWhenBothAreReachedAfterTheSameTask() {
        residentMb.set(4096);
        assertThat(new RecyclePolicy(1, 512, residentMb::get).afterTask()).isEqualTo(Verdict.MAX_TASKS);
    }
}
