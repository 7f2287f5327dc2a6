package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import dev.warren.common.internal.ControlMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolExitTest {
    @Test
    void anExitStatusAbove128NamesTheSignalThatEndedTheChild() {
        assertThat(PoolExit.signalName(137)).isEqualTo("KILL");
        assertThat(PoolExit.signalName(143)).isEqualTo("TERM");
        assertThat(PoolExit.signalName(134)).isEqualTo("ABRT");
        assertThat(PoolExit.signalName(139)).isEqualTo("SEGV");
        assertThat(PoolExit.signalName(0)).isNull();
        assertThat(PoolExit.signalName(70)).isNull();
        assertThat(PoolExit.signalName(128)).isNull();
    }

    @Test
    void theChildsExitCodesMapToTheCausesOfTheProtocol() {
        assertThat(PoolExitCause.ofExitCode(0, true)).isEqualTo(PoolExitCause.DRAIN);
        assertThat(PoolExitCause.ofExitCode(0, false)).isEqualTo(PoolExitCause.EXIT);
        assertThat(PoolExitCause.ofExitCode(3, false)).isEqualTo(PoolExitCause.SUPERVISOR_GONE);
        assertThat(PoolExitCause.ofExitCode(70, false)).isEqualTo(PoolExitCause.SOFT_TIME_LIMIT);
        assertThat(PoolExitCause.ofExitCode(71, false)).isEqualTo(PoolExitCause.FATAL);
        assertThat(PoolExitCause.ofExitCode(1, false)).isEqualTo(PoolExitCause.CRASH);
        assertThat(PoolExitCause.ofExitCode(137, true)).isEqualTo(PoolExitCause.CRASH);
        assertThat(PoolExitCause.SOFT_TIME_LIMIT.failure()).isFalse();
        assertThat(PoolExitCause.RECYCLE.failure()).isFalse();
        assertThat(PoolExitCause.CRASH.failure()).isTrue();
    }

    @Test
    void aCrashNoteCarriesTheTaskTheChildTheExitTheSignalTheCauseAndTheStderrTail() {
        PoolExit exit = new PoolExit("child-2", 123, 137, "KILL", PoolExitCause.CRASH, "task-1", "crash",
                Duration.ofSeconds(3), List.of("line one", "line two"), true);

        ControlMessage.Crash note = SupervisorCrashNotes.note(exit);

        assertThat(note).isEqualTo(new ControlMessage.Crash("task-1", "child-2", 123, 137, "KILL", "crash",
                "line one\nline two"));
        PoolExit hard = new PoolExit("child-3", 5, 137, "KILL", PoolExitCause.HARD_TIME_LIMIT, "t", "sleep",
                Duration.ofMinutes(6), List.of(), true);
        assertThat(SupervisorCrashNotes.note(hard).cause()).isEqualTo("hard-time-limit");
    }
}
