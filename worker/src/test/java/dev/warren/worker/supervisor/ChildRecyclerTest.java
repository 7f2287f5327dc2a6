package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ChildRecycler} on stub children: who is replaced when, and who is drained when. */
class ChildRecyclerTest {
    private final PoolState state = new PoolState(3);
    private final List<ChildProcess> spawned = new ArrayList<>();
    private final List<ChildProcess> drained = new ArrayList<>();
    private final ChildRecycler recycler = new ChildRecycler(state, new ChildRecycler.Pool() {
        @Override public void spawn(PoolSlot slot) {
            ChildProcess c = StubProcess.child("child-" + (10 + spawned.size()), slot.index);
            slot.active = c;
            spawned.add(c);
        }

        @Override public void drain(ChildProcess c) { drained.add(c); }
    });

    private ChildProcess holding(int slot) {
        ChildProcess c = StubProcess.child("child-" + slot, slot);
        c.state = ChildProcess.State.CONSUMING;
        state.slots[slot].active = c;
        return c;
    }

    private void exits(ChildProcess c) {
        if (state.slotOf(c).active == c) state.slotOf(c).active = null;
        c.state = ChildProcess.State.EXITED;
        recycler.exited(c);
    }

    @Test
    void aChildThatAsksIsReplacedFirstAndDrainedOnlyWhenItsReplacementIsReady() {
        ChildProcess a = holding(0);

        recycler.request(a, "max-tasks");

        assertThat(spawned).hasSize(1);
        assertThat(state.slots[0].active).isSameAs(spawned.get(0));
        assertThat(a.retired).isTrue();
        assertThat(a.state).isEqualTo(ChildProcess.State.RECYCLING);
        assertThat(a.consuming()).isFalse();
        assertThat(drained).isEmpty();

        recycler.ready(state.slots[0]);

        assertThat(drained).containsExactly(a);
        assertThat(recycler.replacing()).isNull();
    }

    @Test
    void requestsAreServedOneAtATimeInTheOrderTheyCame() {
        ChildProcess a = holding(0);
        ChildProcess b = holding(1);
        ChildProcess c = holding(2);

        recycler.request(b, "max-tasks");
        recycler.request(a, "max-tasks");
        recycler.request(c, "max-memory");

        assertThat(spawned).extracting(p -> p.slot).containsExactly(1);
        assertThat(recycler.waiting()).isEqualTo(2);
        assertThat(a.state).isEqualTo(ChildProcess.State.RECYCLING);
        assertThat(a.retired).isFalse();
        assertThat(a.consuming()).as("a max-tasks child consumes no more").isFalse();
        assertThat(c.consuming()).as("a max-memory child consumes until it is drained").isTrue();

        recycler.ready(state.slots[1]);
        assertThat(drained).containsExactly(b);
        assertThat(spawned).extracting(p -> p.slot).containsExactly(1, 0);

        recycler.ready(state.slots[0]);
        recycler.ready(state.slots[2]);
        assertThat(drained).containsExactly(b, a, c);
        assertThat(spawned).extracting(p -> p.slot).containsExactly(1, 0, 2);
        assertThat(recycler.waiting()).isZero();
    }

    @Test
    void aReplacementThatAsksWhileTheChildItReplacedIsStillDrainingIsRecycledToo() {
        ChildProcess a = holding(0);
        recycler.request(a, "max-tasks");
        recycler.ready(state.slots[0]);
        assertThat(drained).containsExactly(a); // a drains, and has not exited yet
        ChildProcess replacement = state.slots[0].active;
        replacement.state = ChildProcess.State.CONSUMING;

        recycler.request(replacement, "max-tasks");

        assertThat(spawned).hasSize(2);
        assertThat(replacement.retired).isTrue();
        assertThat(state.slots[0].active).isSameAs(spawned.get(1));
        recycler.ready(state.slots[0]);
        assertThat(drained).containsExactly(a, replacement);
    }

    @Test
    void anAskingChildThatDiesBeforeItsTurnIsForgottenAndTheNextOneGoesOn() {
        ChildProcess a = holding(0);
        ChildProcess b = holding(1);
        ChildProcess c = holding(2);
        recycler.request(a, "max-tasks");
        recycler.request(b, "max-tasks");
        recycler.request(c, "max-tasks");

        exits(b); // its slot is refilled by the restarter, not by the recycler
        recycler.ready(state.slots[0]);

        assertThat(drained).containsExactly(a);
        assertThat(spawned).extracting(p -> p.slot).containsExactly(0, 2);
        assertThat(recycler.waiting()).isZero();
    }

    @Test
    void aChildThatExitsBeforeItsReplacementIsReadyIsNotDrained() {
        ChildProcess a = holding(0);
        recycler.request(a, "max-tasks");

        exits(a);
        recycler.ready(state.slots[0]);

        assertThat(drained).isEmpty();
        assertThat(recycler.replacing()).isNull();
    }

    @Test
    void aRepeatedRequestAndOneFromAChildThatNoLongerHoldsItsSlotAreIgnored() {
        ChildProcess a = holding(0);
        recycler.request(a, "max-tasks");
        recycler.request(a, "max-tasks");
        recycler.ready(state.slots[0]);
        recycler.request(a, "max-memory");

        assertThat(spawned).hasSize(1);
        assertThat(a.recycleReason).isEqualTo("max-tasks");
        assertThat(drained).containsExactly(a);
    }

    @Test
    void nothingIsRecycledOnceThePoolIsClosedAndClearForgetsEveryRequest() {
        ChildProcess a = holding(0);
        ChildProcess b = holding(1);
        recycler.request(a, "max-tasks");
        recycler.request(b, "max-tasks");

        state.draining = true;
        recycler.clear();
        recycler.ready(state.slots[0]);
        recycler.request(holding(2), "max-tasks");

        assertThat(spawned).hasSize(1);
        assertThat(drained).isEmpty();
        assertThat(recycler.waiting()).isZero();
        assertThat(state.slots[2].active.state).isEqualTo(ChildProcess.State.CONSUMING);
    }
}
