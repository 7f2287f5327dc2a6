package dev.warren.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What {@link WorkerPoolExtension} promises before a supervisor runs (its ITs are the cli module's). */
class WorkerPoolExtensionTest {
    @Test void theQueueIsNamedFromThePrefixWhenBuiltAndIsTheSameOnEveryCall() {
        WorkerPoolExtension pool = WorkerPoolExtension.builder("it.unit").build();
        assertThat(pool.queue()).matches("it\\.unit\\.[0-9a-f]{8}").isEqualTo(pool.queue());
        assertThat(WorkerPoolExtension.builder("it.unit").build().queue()).isNotEqualTo(pool.queue());
    }

    @Test void anExactQueueNameWinsOverThePrefix() {
        assertThat(WorkerPoolExtension.builder("it.unit").queue("it.exact.1").build().queue()).isEqualTo("it.exact.1");
    }

    @Test void theWorkerIsThereOnlyWhileTheClassRuns() {
        assertThatThrownBy(() -> WorkerPoolExtension.builder("it.unit").build().worker())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("only while");
    }

    @Test void aPoolWithoutChildrenIsRefused() {
        assertThatThrownBy(() -> WorkerPoolExtension.builder("it.unit").children(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1: 0");
    }
}
