package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Confirms, returns and nacks reach the right outcome, in both brokers' orders, without a broker. */
class ChildOutboxTest {
    final AtomicLong nextSeq = new AtomicLong(1);
    final AtomicInteger emptied = new AtomicInteger();
    final List<String> outcomes = new CopyOnWriteArrayList<>();
    final ChildOutbox outbox;

    ChildOutboxTest() throws Exception {
        Channel channel = (Channel) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Channel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getNextPublishSeqNo" -> nextSeq.get();
                    case "basicPublish" -> {
                        nextSeq.incrementAndGet();
                        yield null;
                    }
                    case "confirmSelect", "addConfirmListener", "addReturnListener" -> null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "fake channel";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        outbox = new ChildOutbox(channel, emptied::incrementAndGet);
    }

    long publish(String name, boolean mandatory) throws Exception {
        long seq = nextSeq.get();
        outbox.publish("q." + name, new AMQP.BasicProperties.Builder().correlationId(name).build(), new byte[0], mandatory,
                new ChildOutbox.Outcome() {
                    @Override public void confirmed(boolean returned) {
                        outcomes.add(name + (returned ? " returned" : " confirmed") + (outbox.isEmpty() ? " (empty!)" : ""));
                    }

                    @Override public void nacked() { outcomes.add(name + " nacked"); }
                });
        return seq;
    }

    void returned(String name) {
        outbox.handleReturn(312, "NO_ROUTE", "", "q." + name, new AMQP.BasicProperties.Builder().correlationId(name).build(),
                new byte[0]);
    }

    @Test void aMessageCountsAsInFlightUntilItsOutcomeHasRun() throws Exception {
        long seq = publish("a", false);
        assertThat(outbox.isEmpty()).isFalse();
        outbox.handleAck(seq, false);
        assertThat(outcomes).containsExactly("a confirmed"); // not "(empty!)": a drain must not close before the ack is sent
        assertThat(outbox.isEmpty()).isTrue();
        assertThat(emptied).hasValue(1);
    }

    @Test void aMultipleAckSettlesEveryMessageUpToItInOrder() throws Exception {
        publish("a", false);
        long b = publish("b", false);
        long c = publish("c", false);
        outbox.handleAck(b, true);
        assertThat(outcomes).containsExactly("a confirmed", "b confirmed");
        assertThat(emptied).hasValue(0);
        outbox.handleAck(c, false);
        assertThat(outcomes).containsExactly("a confirmed", "b confirmed", "c confirmed");
        assertThat(emptied).hasValue(1);
    }

    @Test void aMandatoryMessageReturnedBeforeItsAckIsConfirmedAsReturned() throws Exception {
        long seq = publish("a", true);
        returned("a"); // RabbitMQ: basic.return, then basic.ack
        outbox.handleAck(seq, false);
        assertThat(outcomes).containsExactly("a returned");
    }

    @Test void aMandatoryMessageNackedThenReturnedIsConfirmedAsReturned() throws Exception {
        long seq = publish("a", true);
        outbox.handleNack(seq, false); // Qpid Broker-J: basic.nack first, the return after it
        assertThat(outcomes).isEmpty();
        assertThat(outbox.isEmpty()).isFalse();
        returned("a");
        assertThat(outcomes).containsExactly("a returned");
        assertThat(outbox.isEmpty()).isTrue();
    }

    @Test void aNackedMessageIsNackedAtOnceAndAMandatoryOneAfterWaitingForAReturn() throws Exception {
        long plain = publish("a", false);
        long mandatory = publish("b", true);
        outbox.handleNack(plain, false);
        assertThat(outcomes).containsExactly("a nacked");
        outbox.handleNack(mandatory, false);
        await().atMost(Duration.ofMillis(ChildOutbox.RETURN_WAIT_MS * 5)).until(() -> outcomes.size() == 2);
        assertThat(outcomes).containsExactly("a nacked", "b nacked");
        assertThat(outbox.isEmpty()).isTrue();
    }
}
