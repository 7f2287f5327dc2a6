package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.warren.common.BrokerSettings;
import dev.warren.examples.Examples;
import dev.warren.testing.TcpProxy;
import dev.warren.testing.TestBroker;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A network partition while tasks are being published: the producer's blocking socket write must not wedge the
 * connection (see {@link WriteWatch}); it reconnects after the partition and every task completes.
 */
class PartitionIT {
    private final String queue = TestBroker.uniqueQueue("it.partition");

    @AfterEach void cleanup() { Fixture.deleteQueue(queue); }

    @Test void publishingIntoAPartitionNeitherWedgesTheConnectionNorLosesATask() throws Exception {
        URI u = URI.create(TestBroker.get().uri());
        try (TcpProxy proxy = new TcpProxy(u.getHost(), u.getPort() == -1 ? 5672 : u.getPort())) {
            String via = u.getScheme() + "://" + u.getRawUserInfo() + "@127.0.0.1:" + proxy.port() + u.getRawPath();
            try (TaskExecutor pool = TaskExecutor.connect(Fixture.options(queue)
                    .broker(BrokerSettings.of(via).withHeartbeat(Duration.ofSeconds(2))
                            .withRecoveryInterval(Duration.ofMillis(200)))
                    .brokerLossTimeout(Duration.ofMinutes(2)).build());
                 ScriptedResponder responder = ScriptedResponder.start(Fixture.broker(), queue, ScriptedResponder.compute())) {
                assertThat(pool.submit(Examples.CUBE, 3)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(27);
                proxy.freeze();
                JsonNode big = TextNode.valueOf("x".repeat(100_000));
                List<CompletableFuture<JsonNode>> futures = new ArrayList<>();
                // 40 MB into a partition: far more than the socket buffers hold, so a write blocks
                CompletableFuture<Void> submitting = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 400; i++) futures.add(pool.submit(Examples.ECHO, big));
                });
                await().atMost(Duration.ofSeconds(60)).until(() -> !pool.connected());
                assertThat(submitting).as("every submit returned: none is stuck in a socket write")
                        .succeedsWithin(Duration.ofSeconds(60));
                proxy.thaw();
                await().atMost(Duration.ofSeconds(60)).until(pool::connected);
                for (CompletableFuture<JsonNode> f : futures) {
                    assertThat(f).succeedsWithin(Duration.ofSeconds(60)).isEqualTo(big);
                }
                assertThat(pool.submit(Examples.CUBE, 4)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(64);
            }
        }
    }
}
