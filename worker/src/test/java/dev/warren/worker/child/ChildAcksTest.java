package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Batched acks never cover an unsettled delivery, and a held-back delivery does not hold up the others. */
class ChildAcksTest {
    final List<String> sent = new CopyOnWriteArrayList<>();
    final ChildAcks acks;

    ChildAcksTest() {
        Channel channel = (Channel) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Channel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "basicAck" -> {
                        sent.add("ack " + args[0] + ((Boolean) args[1] ? " multiple" : ""));
                        yield null;
                    }
                    case "basicReject" -> {
                        sent.add("reject " + args[0] + ((Boolean) args[1] ? " requeue" : ""));
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "fake channel";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        acks = new ChildAcks(channel, why -> sent.add("fail " + why));
    }

    void deliver(long... tags) {
        for (long t : tags) acks.delivered(t);
    }

    @Test void readyDeliveriesFromTheOldestGoInOneMultipleAck() {
        deliver(1, 2, 3);
        acks.ready(1);
        acks.ready(2);
        acks.ready(3);
        assertThat(sent).isEmpty(); // nothing before the flush
        acks.flush();
        assertThat(sent).containsExactly("ack 3 multiple");
        assertThat(acks.unsettled()).isZero();
        assertThat(acks.counts()).containsExactly(1, 3);
    }

    @Test void aMultipleAckNeverCoversADeliveryThatIsNotSettled() {
        deliver(1, 2, 3, 4);
        acks.ready(1);
        acks.ready(2);
        acks.ready(4); // 3 waits (its reply is not confirmed yet)
        acks.flush();
        assertThat(sent).containsExactly("ack 2 multiple", "ack 4");
        assertThat(acks.unsettled()).isEqualTo(1);
        acks.ack(3);
        assertThat(sent).containsExactly("ack 2 multiple", "ack 4", "ack 3");
        assertThat(acks.unsettled()).isZero();
    }

    @Test void aHeldBackOldestDeliveryDoesNotDelayTheAcksOfLaterOnes() {
        deliver(1, 2, 3);
        acks.ready(2);
        acks.ready(3);
        acks.flush();
        assertThat(sent).containsExactly("ack 2", "ack 3"); // never "ack 3 multiple": that would ack 1
        deliver(4, 5);
        acks.ready(4);
        acks.ready(1);
        acks.ready(5);
        acks.flush();
        assertThat(sent).containsExactly("ack 2", "ack 3", "ack 5 multiple");
    }

    @Test void aRejectedDeliveryLeavesTheRunWithoutBeingAcked() {
        deliver(1, 2, 3);
        acks.ready(1);
        acks.reject(2, true);
        acks.ready(3);
        acks.flush();
        assertThat(sent).containsExactly("reject 2 requeue", "ack 3 multiple"); // 2 is no longer unacked: safe
        assertThat(acks.unsettled()).isZero();
    }

    @Test void manyDeliveriesGrowTheTableAndAckInOrder() {
        for (long t = 1; t <= 100; t++) acks.delivered(t);
        for (long t = 100; t >= 1; t--) acks.ready(t);
        acks.flush();
        assertThat(sent).containsExactly("ack 100 multiple");
    }

    @Test void anUnregisteredDeliveryIsAckedAlone() {
        acks.ready(7);
        assertThat(sent).containsExactly("ack 7");
    }
}
