package dev.warren.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The bench's own broker connection: the broker's version, queue depths, and deleting every queue and
 * exchange the bench created (also from the shutdown hook).
 */
final class Admin implements AutoCloseable {
    private final Connection conn;
    private final List<String> queues = new ArrayList<>();
    private final List<String> exchanges = new ArrayList<>();

    Admin(String uri) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(uri);
        f.setAutomaticRecoveryEnabled(false);
        conn = f.newConnection("warren-bench-admin");
    }

    /** The broker's pid when it runs on this machine ({@link LocalBroker}), else -1. */
    long localBrokerPid() { return LocalBroker.pid(conn.getAddress(), conn.getPort()); }

    String brokerVersion() {
        Object product = conn.getServerProperties().get("product");
        Object version = conn.getServerProperties().get("version");
        return product + " " + version;
    }

    /** Remembers a warren task queue (with its dead-letter queue and control exchange) for deletion. */
    synchronized void ownWarrenQueue(String queue) {
        queues.add(queue);
        queues.add(queue + ".dead");
        exchanges.add(queue + ".control");
    }

    synchronized void ownQueue(String queue) { queues.add(queue); }

    long depth(String queue) throws Exception {
        try (Channel ch = conn.createChannel()) {
            return ch.queueDeclarePassive(queue).getMessageCount();
        }
    }

    /** Deletes everything remembered so far; a queue already gone is fine. */
    synchronized void deleteAll() {
        for (String q : queues) run(ch -> ch.queueDelete(q));
        for (String x : exchanges) run(ch -> ch.exchangeDelete(x));
        queues.clear();
        exchanges.clear();
    }

    private interface Op { void run(Channel ch) throws Exception; }

    private void run(Op op) {
        if (!conn.isOpen()) return;
        try (Channel ch = conn.createChannel()) {
            op.run(ch);
        } catch (Exception e) {
            // a passive failure closes only this channel
        }
    }

    @Override public void close() { conn.abort(3000); }
}
