package dev.warren.producer;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.warren.common.BrokerSettings;
import dev.warren.common.Protocol;
import dev.warren.common.QueueType;
import dev.warren.testing.TestBroker;

/** Test plumbing shared by the integration tests: unique queues, options, and cleanup. */
final class Fixture {
    private Fixture() {}

    static BrokerSettings broker() { return TestBroker.get().settings(); }

    static ProducerOptions.Builder options(String queue) {
        return ProducerOptions.builder().broker(broker()).queue(queue).queueType(QueueType.CLASSIC);
    }

    /** Deletes a task queue, its dead-letter queue and control exchange. */
    static void deleteQueue(String queue) {
        try (Connection c = broker().connectionFactory().newConnection("test-cleanup")) {
            for (String q : new String[] {queue, queue + Protocol.DEAD_SUFFIX}) {
                try (Channel ch = c.createChannel()) { ch.queueDelete(q); } catch (Exception ignored) { }
            }
            try (Channel ch = c.createChannel()) {
                ch.exchangeDelete(queue + Protocol.CONTROL_SUFFIX);
            } catch (Exception ignored) { }
        } catch (Exception ignored) { }
    }

    /** Waits until every task of the executor has ended (futures complete just before the count drops). */
    static void awaitNothingPending(TaskExecutor pool) {
        org.awaitility.Awaitility.await().until(() -> pool.pendingCount() == 0);
    }

    /** True when a queue of this name exists. */
    static boolean queueExists(String queue) {
        try (Connection c = broker().connectionFactory().newConnection("test-check");
             Channel ch = c.createChannel()) {
            ch.queueDeclarePassive(queue);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
