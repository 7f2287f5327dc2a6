package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.common.ExitCode;
import dev.warren.testing.TestBroker;
import dev.warren.testing.WorkerProcess;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A supervisor whose children's initializer always throws (issue 20, item 2): a real supervisor and real children on
 * the test broker, with {@link FailingInitializer}.
 */
class InitializerFailureIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ERROR = IllegalStateException.class.getName() + ": " + FailingInitializer.MESSAGE;

    private final String queue = TestBroker.uniqueQueue("it.initializer");
    private WorkerProcess worker;

    @AfterEach
    void cleanUp() {
        if (worker != null) worker.close();
        TestBroker.get().deleteTaskQueue(queue);
    }

    @Test
    void aSupervisorWhoseInitializerThrowsIsNotReadyNamesTheErrorThenGivesUpWithItsOwnExitCode() {
        worker = WorkerProcess.builder(TestBroker.get().uri()).queue(queue).children(1)
                .env("WARREN_INITIALIZER", FailingInitializer.class.getName()).launch(); // the default limit: 5
        try {
            await().atMost(WAIT).ignoreException(UncheckedIOException.class).untilAsserted(() -> {
                var readiness = worker.get("/health/readiness");
                assertThat(readiness.statusCode()).isEqualTo(503);
                assertThat(readiness.body()).contains("\"startFailures\":").contains(ERROR);
            });
            Set<Long> children = new java.util.HashSet<>(worker.childPids());

            OptionalInt status = worker.awaitExit(WAIT);

            assertThat(status).hasValue(ExitCode.INITIALIZER_FAILED.code());
            assertThat(worker.output()).contains("5 children in a row could not start, the last with: " + ERROR)
                    .contains("giving up");
            assertThat(children).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
        } catch (AssertionError | RuntimeException e) {
            System.out.println("---- supervisor output\n" + worker.output());
            throw e;
        }
    }

    @Test
    void withTheLimitAtZeroTheSupervisorKeepsRestartingAndShowsTheStreakOnPool() {
        worker = WorkerProcess.builder(TestBroker.get().uri()).queue(queue).children(2)
                .env("WARREN_INITIALIZER", FailingInitializer.class.getName())
                .env("WARREN_MAX_INITIALIZER_FAILURES", "0").launch();
        try {
            await().atMost(WAIT).ignoreException(UncheckedIOException.class).untilAsserted(() -> assertThat(worker.get("/pool").body())
                    .containsPattern("\"startFailures\":\\{[^}]*\"failures\":([6-9]|\\d\\d)").contains(ERROR));

            assertThat(worker.isAlive()).isTrue();
            assertThat(worker.readinessStatus()).isEqualTo(503);
        } catch (AssertionError | RuntimeException e) {
            System.out.println("---- supervisor output\n" + worker.output());
            throw e;
        }
    }
}
