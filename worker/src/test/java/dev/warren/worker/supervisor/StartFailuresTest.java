package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StartFailuresTest {
    private static ChildProcess failed(String detail) {
        ChildProcess c = StubProcess.child("child-x", 0);
        c.exitDetail = detail;
        return c;
    }

    @Test
    void childrenThatExitFatallyBeforeReadyCountInARowAndTheLastErrorIsKept() {
        StartFailures f = new StartFailures(3);

        assertThat(f.exited(failed("java.lang.IllegalStateException: one"), PoolExitCause.FATAL)).isFalse();
        assertThat(f.exited(failed("java.lang.IllegalStateException: two"), PoolExitCause.FATAL)).isFalse();

        assertThat(f.streak()).isEqualTo(new StartFailures.Streak(2, "java.lang.IllegalStateException: two"));
    }

    @Test
    void thePoolGivesUpExactlyOnceAtTheLimit() {
        StartFailures f = new StartFailures(2);
        assertThat(f.exited(failed("e"), PoolExitCause.FATAL)).isFalse();
        assertThat(f.exited(failed("e"), PoolExitCause.FATAL)).isTrue();
        assertThat(f.exited(failed("e"), PoolExitCause.FATAL)).isFalse();
        assertThat(f.streak().failures()).isEqualTo(3);
    }

    @Test
    void aChildThatBecomesReadyEndsTheStreak() {
        StartFailures f = new StartFailures(2);
        f.exited(failed("e"), PoolExitCause.FATAL);

        f.ready();

        assertThat(f.streak()).isNull();
        assertThat(f.exited(failed("e"), PoolExitCause.FATAL)).isFalse();
    }

    @Test
    void otherExitsAndAFatalExitAfterReadyNeitherCountNorEndTheStreak() {
        StartFailures f = new StartFailures(5);
        f.exited(failed("e"), PoolExitCause.FATAL);
        ChildProcess wasReady = failed("fatal");
        wasReady.everReady = true;

        f.exited(failed("broker unreachable"), PoolExitCause.BROKER_LOST);
        f.exited(failed(null), PoolExitCause.CRASH);
        f.exited(wasReady, PoolExitCause.FATAL);

        assertThat(f.streak()).isEqualTo(new StartFailures.Streak(1, "e"));
    }

    @Test
    void withoutAnExitingEventTheErrorIsTheLastStderrLineAndALimitOfZeroNeverGivesUp() {
        StartFailures f = new StartFailures(0);
        ChildProcess c = failed(null);
        c.stderrLine("Error: Could not find or load main class x");

        for (int i = 0; i < 100; i++) assertThat(f.exited(c, PoolExitCause.FATAL)).isFalse();

        assertThat(f.streak()).isEqualTo(new StartFailures.Streak(100, "Error: Could not find or load main class x"));
        assertThat(new StartFailures(1).exited(failed(null), PoolExitCause.FATAL)).isTrue();
        assertThatThrownBy(() -> new StartFailures(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
