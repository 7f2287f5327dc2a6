package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The child's main loop: order, held work, and when it counts as idle. */
class MainLoopTest {
    final MainLoop loop = new MainLoop();

    @Test void jobsRunOnTheCallingThreadInTheOrderTheyWereHandedIn() throws InterruptedException {
        List<String> ran = new CopyOnWriteArrayList<>();
        Thread caller = Thread.currentThread();
        AtomicBoolean done = new AtomicBoolean();
        for (String s : List.of("a", "b", "c")) loop.execute(() -> ran.add(s + (Thread.currentThread() == caller ? "" : "?")));
        loop.execute(() -> done.set(true));
        loop.run(done::get, () -> { });
        assertThat(ran).containsExactly("a", "b", "c");
    }

    @Test void asAConsumerExecutorItRunsWhatAnotherThreadHandsItOnTheLoopAndIgnoresShutdown() throws Exception {
        var executor = loop.asConsumerExecutor();
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread io = new Thread(() -> { // as amqp-client's I/O thread hands in consumer work
            executor.execute(() -> ranOn.add(Thread.currentThread()));
            executor.shutdown(); // amqp-client never shuts down an executor it was given; the loop must not stop
            executor.execute(() -> ranOn.add(Thread.currentThread()));
            executor.execute(() -> done.set(true));
        });
        io.start();
        loop.run(done::get, () -> { });
        io.join();
        assertThat(ranOn).containsExactly(Thread.currentThread(), Thread.currentThread());
        assertThat(executor.isShutdown()).isFalse();
    }

    @Test void aHeldJobKeepsTheLoopFromBeingIdleUntilItHasRun() throws InterruptedException {
        AtomicBoolean ran = new AtomicBoolean();
        MainLoop.Held held = loop.hold(() -> ran.set(true));
        assertThat(loop.idle()).isFalse();
        held.release();
        assertThat(loop.idle()).isFalse(); // handed in, not run yet
        loop.run(loop::idle, () -> { });
        assertThat(ran).isTrue();
        assertThat(loop.idle()).isTrue();
    }

    @Test void aHeldJobRunsOnceHoweverOftenItIsReleased() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        MainLoop.Held held = loop.hold(runs::incrementAndGet);
        held.release();
        held.release();
        held.releaseAfter(1);
        loop.later(50, () -> { }); // keeps the loop going past the timer's release
        loop.run(loop::idle, () -> { });
        assertThat(runs).hasValue(1);
    }

    @Test void aJobForLaterRunsOnTheLoopAndTheLoopWaitsForIt() throws InterruptedException {
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        loop.later(30, () -> ranOn.add(Thread.currentThread()));
        loop.run(loop::idle, () -> { });
        assertThat(ranOn).containsExactly(Thread.currentThread());
    }

    @Test void theIdleHookRunsEachTimeTheInboxRunsEmpty() throws InterruptedException {
        AtomicInteger idles = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        MainLoop.Held last = loop.hold(() -> done.set(true));
        loop.execute(() -> { });
        loop.execute(() -> { });
        // the first idle hands in the last job (no timer: a loaded machine cannot reorder it)
        loop.run(done::get, () -> { if (idles.incrementAndGet() == 1) last.release(); });
        assertThat(idles).hasValue(2);
    }

    @Test void aWakeOnlyMakesTheLoopCheckWhetherItIsDone() throws InterruptedException {
        AtomicBoolean done = new AtomicBoolean();
        Thread waker = new Thread(() -> {
            done.set(true);
            loop.wake();
        });
        waker.start();
        loop.run(done::get, () -> { });
        waker.join();
        assertThat(loop.idle()).isTrue();
    }
}
