package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SoftLimitTest {
    @Test void aRunWithinTheLimitIsNotTimedOutAndLeavesNoInterrupt() {
        SoftLimit limit = new SoftLimit(60_000);
        for (int i = 0; i < 1000; i++) {
            limit.begin(Thread.currentThread(), () -> { throw new AssertionError("stuck"); });
            assertThat(limit.finish()).isFalse();
        }
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test void aRunPastTheLimitIsInterruptedAndCountsAsTimedOut() throws Exception {
        SoftLimit limit = new SoftLimit(50);
        limit.begin(Thread.currentThread(), () -> { });
        boolean interrupted = false;
        try {
            new CountDownLatch(1).await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        assertThat(interrupted).isTrue();
        assertThat(limit.finish()).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test void theRunAfterATimedOutOneIsTimedAfresh() throws Exception {
        SoftLimit limit = new SoftLimit(50);
        Thread me = Thread.currentThread(); // the condition runs on Awaitility's thread
        limit.begin(me, () -> { });
        await().atMost(30, TimeUnit.SECONDS).until(me::isInterrupted);
        assertThat(limit.finish()).isTrue();
        limit.begin(me, () -> { });
        assertThat(limit.finish()).isFalse(); // ended at once, well within its own limit
        limit.begin(me, () -> { });
        await().atMost(30, TimeUnit.SECONDS).until(me::isInterrupted); // and a later one still fires
        assertThat(limit.finish()).isTrue();
    }

    @Test void aRunThatIgnoresTheInterruptIsReportedStuck() {
        SoftLimit limit = new SoftLimit(20);
        AtomicBoolean stuck = new AtomicBoolean();
        Thread runner = new Thread(() -> {
            while (!stuck.get()) Thread.onSpinWait(); // ignores the interrupt
        });
        runner.start();
        limit.begin(runner, () -> stuck.set(true));
        await().atMost(30, TimeUnit.SECONDS).untilTrue(stuck);
        assertThat(limit.finish()).isTrue();
    }
}
