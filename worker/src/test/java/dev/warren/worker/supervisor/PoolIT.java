package dev.warren.worker.supervisor;

import dev.warren.worker.child.ChildConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ChildPool} with real child processes ({@link FakeChildMain}, which needs no broker). */
class PoolIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir Path dir;
    private final PoolRecorder recorder = new PoolRecorder();
    private ChildPool pool;

    private ChildPool start(int children, Duration hardTimeLimit, String... jvmOptions) {
        List<String> opts = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        opts.addAll(List.of(jvmOptions));
        PoolOptions options = new PoolOptions(children, opts, System.getProperty("java.class.path"),
                FakeChildMain.class.getName(), ChildConfig.of("template", "amqp://u:secret@127.0.0.1:1/%2F", "q"),
                hardTimeLimit);
        pool = new ChildPool(options, List.of(recorder));
        pool.start();
        await().atMost(WAIT).until(() -> pool.consumingCount() == children);
        return pool;
    }

    @AfterEach
    void stop() {
        if (pool != null) pool.close();
    }

    private static Set<Long> pids(ChildPool pool) {
        return pool.snapshot().stream().map(PoolChildView::pid).collect(Collectors.toSet());
    }

    @Test
    void twoChildrenAreTwoReadyOsProcessesWithDistinctPids() {
        start(2, Duration.ZERO);

        List<PoolChildView> children = pool.snapshot();
        assertThat(children).hasSize(2).allSatisfy(c -> assertThat(c.state()).isEqualTo("consuming"));
        Set<Long> pids = pids(pool);
        assertThat(pids).hasSize(2).doesNotContain(ProcessHandle.current().pid());
        Set<Long> osChildren = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
        assertThat(osChildren).containsAll(pids);
        assertThat(recorder.of("ready")).extracting(PoolRecorder.Entry::pid).containsExactlyInAnyOrderElementsOf(pids);
    }

    @Test
    void aKilledChildIsReplacedByANewProcessAndTheExitIsRecordedAsACrashBySignal() {
        start(2, Duration.ZERO);
        PoolChildView victim = pool.snapshot().get(0);

        ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly();

        await().atMost(WAIT).until(() -> !recorder.exits().isEmpty());
        PoolExit exit = recorder.exits().get(0);
        assertThat(exit.childId()).isEqualTo(victim.id());
        assertThat(exit.cause()).isEqualTo(PoolExitCause.CRASH);
        assertThat(exit.exitCode()).isEqualTo(137);
        assertThat(exit.signal()).isEqualTo("KILL");
        assertThat(exit.restarted()).isTrue();
        await().atMost(WAIT).until(() -> pool.consumingCount() == 2);
        assertThat(pids(pool)).hasSize(2).doesNotContain(victim.pid());
        assertThat(pool.snapshot()).extracting(PoolChildView::slot).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void aRecycledChildIsReplacedFirstAndDrainedWhenItsReplacementIsReady() throws IOException {
        Path trigger = dir.resolve("recycle");
        start(2, Duration.ZERO, "-Dfake.recycleTrigger=" + trigger);
        recorder.watchFloor(pool::consumingCount);

        Files.createFile(trigger);

        await().atMost(WAIT).until(() -> !recorder.exits().isEmpty());
        PoolExit recycled = recorder.exits().get(0);
        assertThat(recycled.cause()).isEqualTo(PoolExitCause.RECYCLE);
        assertThat(recycled.exitCode()).isZero();
        assertThat(recycled.restarted()).isFalse(); // its replacement was already running
        String replacement = recorder.of("started").get(2).childId();
        assertThat(recorder.indexOf("ready", replacement)).isGreaterThan(0)
                .isLessThan(recorder.indexOf("exit", recycled.childId()));
        assertThat(recorder.floor()).isGreaterThanOrEqualTo(1);
        await().atMost(WAIT).until(() -> pool.consumingCount() == 2 && pool.aliveCount() == 2);
        assertThat(recorder.of("started")).hasSize(3);
    }

    @Test
    void drainMakesEveryChildExitZeroAndThePoolStartsNoMore() {
        start(2, Duration.ZERO);
        Set<Long> pids = pids(pool);

        boolean clean = pool.drain(Duration.ofSeconds(20));

        assertThat(clean).isTrue();
        assertThat(recorder.exits()).hasSize(2).allSatisfy(e -> {
            assertThat(e.exitCode()).isZero();
            assertThat(e.cause()).isEqualTo(PoolExitCause.DRAIN);
            assertThat(e.restarted()).isFalse();
        });
        assertThat(pool.aliveCount()).isZero();
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(
                java.util.Optional.of(true)));
        assertThat(recorder.of("started")).hasSize(2);
    }

    @Test
    void aChildWhoseTaskOverrunsTheHardTimeLimitIsKilledAndReplaced() throws IOException {
        Path trigger = dir.resolve("hang");
        start(2, Duration.ofMillis(500), "-Dfake.hangTrigger=" + trigger);

        Files.createFile(trigger);

        await().atMost(WAIT).until(() -> !recorder.exits().isEmpty());
        PoolExit exit = recorder.exits().get(0);
        assertThat(exit.cause()).isEqualTo(PoolExitCause.HARD_TIME_LIMIT);
        assertThat(exit.taskId()).isEqualTo(FakeChildMain.HUNG_TASK);
        assertThat(exit.signal()).isEqualTo("KILL");
        assertThat(exit.stderrTail()).anySatisfy(l -> assertThat(l).contains("never ends"));
        await().atMost(WAIT).until(() -> pool.consumingCount() == 2);
        assertThat(pids(pool)).doesNotContain(exit.pid());
    }

    @Test
    void aChildThatKeepsFailingAtStartIsRestartedAndEveryExitIsACrashWithItsStderr() {
        PoolOptions options = new PoolOptions(1, List.of("-Dfake.exitCode=1", "-XX:TieredStopAtLevel=1"),
                System.getProperty("java.class.path"), FakeChildMain.class.getName(),
                ChildConfig.of("template", "amqp://127.0.0.1:1", "q"), Duration.ZERO);
        pool = new ChildPool(options, List.of(recorder));
        pool.start();

        await().atMost(WAIT).until(() -> recorder.exits().size() >= 3);
        assertThat(recorder.exits()).allSatisfy(e -> {
            assertThat(e.cause()).isEqualTo(PoolExitCause.CRASH);
            assertThat(e.exitCode()).isEqualTo(1);
            assertThat(e.stderrTail()).anySatisfy(l -> assertThat(l).contains("exits with 1"));
        });
        assertThat(recorder.of("ready")).isEmpty();
    }

    @Test
    void aRecycleAskedWhileTheChildItReplacedIsStillDrainingGetsItsOwnReplacement() {
        // child-1 asks at once; its replacement child-3 asks as soon as it is ready, while child-1 takes 1.5 s to drain
        start(2, Duration.ZERO, "-Dfake.recycleOnReady=child-1,child-3", "-Dfake.drainDelayMs=1500");

        await().atMost(WAIT).until(() -> recorder.exits().size() >= 2);
        assertThat(recorder.exits()).extracting(PoolExit::childId).containsExactlyInAnyOrder("child-1", "child-3");
        assertThat(recorder.exits()).allSatisfy(e -> {
            assertThat(e.cause()).isEqualTo(PoolExitCause.RECYCLE);
            assertThat(e.restarted()).isFalse();
        });
        assertThat(recorder.indexOf("ready", "child-4")).as("child-3's replacement is ready before child-3 exits")
                .isGreaterThan(0).isLessThan(recorder.indexOf("exit", "child-3"));
        await().atMost(WAIT).until(() -> pool.consumingCount() == 2 && pool.aliveCount() == 2);
        assertThat(pool.snapshot()).extracting(PoolChildView::id).containsExactlyInAnyOrder("child-2", "child-4");
    }

    @Test
    void aChildAskingToBeRecycledIsNoLongerCountedAsConsumingWhileItWaitsForItsTurn() {
        // child-1 and child-2 both ask at once: one is replaced, the other waits, and neither consumes (max-tasks).
        // The other waits until the first one's replacement is ready; the replacements (child-3, child-4) take 3 s to
        // say so, so that the wait is long enough to be seen (it took ~50 ms with fast replacements, which a poll
        // every 100 ms on a loaded machine missed).
        PoolOptions options = new PoolOptions(2, List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dfake.recycleOnReady=child-1,child-2", "-Dfake.drainDelayMs=1500", "-Dfake.slowReady=child-3,child-4"), System.getProperty("java.class.path"),
                FakeChildMain.class.getName(), ChildConfig.of("template", "amqp://127.0.0.1:1", "q"), Duration.ZERO);
        pool = new ChildPool(options, List.of(recorder));
        pool.start();

        await().atMost(WAIT).until(() -> pool.snapshot().stream().filter(c -> c.state().equals("recycling")).count() == 2);
        assertThat(pool.consumingCount()).isLessThanOrEqualTo(1); // only a replacement, once ready
        await().atMost(WAIT).until(() -> recorder.exits().size() == 2);
        await().atMost(WAIT).until(() -> pool.consumingCount() == 2 && pool.aliveCount() == 2);
        assertThat(recorder.of("started")).hasSize(4);
    }

    @Test
    void aPoolWhoseChildrenCannotStartGivesUpAtTheConfiguredNumberInARowWithTheLastError() {
        PoolOptions options = new PoolOptions(1, List.of("-Dfake.exitCode=71", "-Dfake.exitDetail=java.lang.IllegalStateException: no db",
                "-XX:TieredStopAtLevel=1"), System.getProperty("java.class.path"), FakeChildMain.class.getName(),
                ChildConfig.of("template", "amqp://127.0.0.1:1", "q"), Duration.ZERO, 3);
        pool = new ChildPool(options, List.of(recorder));
        pool.start();

        await().atMost(WAIT).until(() -> !recorder.gaveUp.isEmpty());
        assertThat(recorder.gaveUp).containsExactly(new StartFailures.Streak(3, "java.lang.IllegalStateException: no db"));
        assertThat(pool.gaveUp()).isTrue();
        assertThat(pool.startFailures()).isEqualTo(new StartFailures.Streak(3, "java.lang.IllegalStateException: no db"));
        assertThat(recorder.exits()).hasSize(3).allSatisfy(e -> assertThat(e.cause()).isEqualTo(PoolExitCause.FATAL));
        assertThat(recorder.exits().get(2).restarted()).isFalse();
        assertThat(recorder.indexOf("gave-up", "")).isGreaterThan(recorder.indexOf("exit", recorder.exits().get(2).childId()));
        await().atMost(WAIT).until(() -> pool.aliveCount() == 0);
        assertThat(recorder.of("started")).hasSize(3);
    }
}
