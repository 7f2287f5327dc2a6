package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The child's lifecycle only moves forward, and the first drain decides the exit. */
class ChildLifecycleTest {

    @Test void aStateCanMoveOnlyToALaterOne() {
        for (ChildState from : ChildState.values()) {
            for (ChildState to : ChildState.values()) {
                assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(to.ordinal() > from.ordinal());
            }
        }
    }

    @Test void theStatesComeInTheOrderOfAChildsLife() {
        assertThat(ChildState.values()).containsExactly(ChildState.STARTING, ChildState.CONSUMING, ChildState.RETIRING,
                ChildState.DRAINING, ChildState.CLOSED);
    }

    @Test void onlyAConsumingChildAcceptsWork() {
        for (ChildState s : ChildState.values()) assertThat(s.accepting()).as(s.name()).isEqualTo(s == ChildState.CONSUMING);
    }

    @Test void aLifecycleStartsStartingAndAdvancesReportingTheStateItLeft() {
        ChildLifecycle l = new ChildLifecycle();
        assertThat(l.state()).isEqualTo(ChildState.STARTING);
        assertThat(l.advance(ChildState.CONSUMING)).isEqualTo(ChildState.STARTING);
        assertThat(l.advance(ChildState.RETIRING)).isEqualTo(ChildState.CONSUMING);
        assertThat(l.state()).isEqualTo(ChildState.RETIRING);
    }

    @Test void aMoveBackOrToTheSameStateIsRefusedAndChangesNothing() {
        ChildLifecycle l = new ChildLifecycle();
        l.advance(ChildState.DRAINING);
        assertThat(l.advance(ChildState.CONSUMING)).isNull();
        assertThat(l.advance(ChildState.DRAINING)).isNull();
        assertThat(l.advance(ChildState.STARTING)).isNull();
        assertThat(l.state()).isEqualTo(ChildState.DRAINING);
    }

    @Test void aDrainBeforeConsumingSkipsStraightToDrainingAndTheConsumerCannotStartAfterIt() {
        ChildLifecycle l = new ChildLifecycle();
        assertThat(l.drain("drained", 0)).isEqualTo(ChildState.STARTING);
        assertThat(l.advance(ChildState.CONSUMING)).isNull();
        assertThat(l.state()).isEqualTo(ChildState.DRAINING);
    }

    @Test void theFirstDrainDecidesTheExitAndLaterOnesChangeNothing() {
        ChildLifecycle l = new ChildLifecycle();
        l.advance(ChildState.CONSUMING);
        assertThat(l.exit()).isEqualTo(ChildLifecycle.DRAINED);
        assertThat(l.drain("soft-time-limit", 70)).isEqualTo(ChildState.CONSUMING);
        assertThat(l.drain("supervisor-gone", 3)).isNull();
        l.advance(ChildState.CLOSED);
        assertThat(l.drain("drained", 0)).isNull();
        assertThat(l.exit()).isEqualTo(new ChildLifecycle.Exit("soft-time-limit", 70));
        assertThat(l.state()).isEqualTo(ChildState.CLOSED);
    }

    @Test void aRetiringChildCanStillBeDrained() {
        ChildLifecycle l = new ChildLifecycle();
        l.advance(ChildState.CONSUMING);
        l.advance(ChildState.RETIRING);
        assertThat(l.drain("drained", 0)).isEqualTo(ChildState.RETIRING);
    }

    @Test void ofDrainsRacingFromManyThreadsExactlyOneWinsAndItsExitIsKept() throws InterruptedException {
        ChildLifecycle l = new ChildLifecycle();
        l.advance(ChildState.CONSUMING);
        List<Integer> winners = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            int code = i;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                if (l.drain("reason-" + code, code) != null) winners.add(code);
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) t.join();
        assertThat(winners).hasSize(1);
        assertThat(l.exit()).isEqualTo(new ChildLifecycle.Exit("reason-" + winners.get(0), winners.get(0)));
    }
}
