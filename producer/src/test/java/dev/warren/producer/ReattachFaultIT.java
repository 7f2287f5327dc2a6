package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.warren.common.BrokerSettings;
import dev.warren.examples.Examples;
import dev.warren.testing.TcpProxy;
import dev.warren.testing.TestBroker;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A held (unclaimed) reply across a lost connection: the broker requeues it, and the attach gets the new copy. */
class ReattachFaultIT {
    private final String queue = TestBroker.uniqueQueue("it.reattach");
    private final String clientId = "it-reattach-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach void cleanup() {
        Fixture.deleteQueue(queue);
        Fixture.deleteQueue(Fixture.options(queue).clientId(clientId).build().replyQueue());
    }

    private int readyReplies(String replyQueue) throws Exception {
        try (Connection c = Fixture.broker().connectionFactory().newConnection("it-check"); Channel ch = c.createChannel()) {
            return ch.queueDeclarePassive(replyQueue).getMessageCount();
        }
    }

    @Test void aReplyHeldWhenTheConnectionDropsIsRequeuedAndCompletesALaterAttachOnce() throws Exception {
        URI u = URI.create(TestBroker.get().uri());
        try (TcpProxy proxy = new TcpProxy(u.getHost(), u.getPort() == -1 ? 5672 : u.getPort())) {
            String via = u.getScheme() + "://" + u.getRawUserInfo() + "@127.0.0.1:" + proxy.port() + u.getRawPath();
            TaskExecutor pool = TaskExecutor.connect(Fixture.options(queue).clientId(clientId)
                    .broker(BrokerSettings.of(via).withRecoveryInterval(Duration.ofMillis(200))).build());
            ScriptedResponder responder = ScriptedResponder.start(Fixture.broker(), queue, ScriptedResponder.compute());
            String id = pool.submitDetached(Examples.CUBE, 3, null).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> pool.unclaimedCount() == 1);
            proxy.cut();
            await().until(() -> !pool.connected());
            // attached while the held delivery is void: the future must wait for the broker's new copy, not take the old
            CompletableFuture<Integer> f = pool.attach(Examples.CUBE, id, Duration.ofSeconds(30));
            proxy.restore();
            assertThat(f).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(27);
            pool.close();
            responder.close();
            assertThat(readyReplies(pool.options().replyQueue())).as("the requeued copy was the one claimed, and acked").isZero();
        }
    }
}
