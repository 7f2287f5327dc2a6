package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transport's bookkeeping of sent-but-unconfirmed and waiting tasks. */
class OutboxTest {
    private final Outbox outbox = new Outbox();

    private static Pending<String> task(String id) {
        return new Pending<>(id, "echo", new AMQP.BasicProperties(), new byte[0], 0, new TaskFuture<>((x, i) -> false, id),
                r -> "");
    }

    @Test void aSingleConfirmCoversOnlyItsSequenceNumber() {
        Pending<String> a = task("a");
        Pending<String> b = task("b");
        outbox.sent(1, a);
        outbox.sent(2, b);
        assertThat(outbox.confirm(2, false)).containsExactly(b);
        assertThat(outbox.confirm(2, false)).isEmpty();
        assertThat(outbox.size()).isEqualTo(1);
    }

    @Test void aMultipleConfirmCoversEverySequenceNumberUpToItInOrder() {
        Pending<String> a = task("a");
        Pending<String> b = task("b");
        Pending<String> c = task("c");
        outbox.sent(1, a);
        outbox.sent(2, b);
        outbox.sent(3, c);
        assertThat(outbox.confirm(2, true)).containsExactly(a, b);
        assertThat(outbox.confirm(3, true)).containsExactly(c);
        assertThat(outbox.size()).isZero();
    }

    @Test void afterReconnectionUnconfirmedTasksComeBeforeWaitingOnesAndBothAreEmptied() {
        Pending<String> sent = task("sent");
        Pending<String> waiting = task("waiting");
        outbox.sent(7, sent);
        outbox.hold(waiting);
        assertThat(outbox.takeForRepublish()).containsExactly(sent, waiting);
        assertThat(outbox.takeForRepublish()).isEmpty();
        assertThat(outbox.confirm(7, false)).isEmpty(); // the new channel numbers from 1 again
    }

    @Test void aFailedPublishForgetsItsSequenceNumberAndBrokerLossDropsEverything() {
        outbox.sent(1, task("a"));
        outbox.unsent(1);
        assertThat(outbox.size()).isZero();
        outbox.sent(2, task("b"));
        outbox.hold(task("c"));
        assertThat(outbox.clear()).isEqualTo(2);
        assertThat(outbox.takeForRepublish()).isEmpty();
    }

    @Test void aConfirmOutOfOrderLeavesTheOthersForALaterMultipleConfirm() {
        Pending<String> a = task("a");
        Pending<String> b = task("b");
        Pending<String> c = task("c");
        outbox.sent(1, a);
        outbox.sent(2, b);
        outbox.sent(3, c);
        assertThat(outbox.confirm(2, false)).containsExactly(b);
        assertThat(outbox.size()).isEqualTo(2);
        assertThat(outbox.confirm(3, true)).containsExactly(a, c);
        assertThat(outbox.size()).isZero();
        assertThat(outbox.confirm(1, false)).isEmpty();
    }

    @Test void theRingGrowsPastItsFirstSizeAndKeepsPublishOrder() {
        List<Pending<?>> all = new java.util.ArrayList<>();
        for (int i = 1; i <= 5000; i++) {
            Pending<String> p = task("t" + i);
            all.add(p);
            outbox.sent(i, p);
            if (i % 700 == 0) assertThat(outbox.confirm(i - 350, false)).containsExactly(all.get(i - 351));
        }
        assertThat(outbox.size()).isEqualTo(5000 - 7);
        List<Pending<?>> redo = outbox.takeForRepublish();
        assertThat(redo).hasSize(5000 - 7).startsWith(all.get(0)).endsWith(all.get(4999));
        assertThat(outbox.size()).isZero();
    }
}
