package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.warren.common.BrokerSettings;
import dev.warren.examples.Examples;
import dev.warren.testing.BrokerConnections;
import dev.warren.testing.TcpProxy;
import dev.warren.testing.TestBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 3 item 5: the producer under broker faults. */
class BrokerFaultIT {
    private final String queue = TestBroker.uniqueQueue("it.faults");
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) toClose.get(i).close();
        Fixture.deleteQueue(queue);
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        toClose.add(c);
        return c;
    }

    /** The broker's URI with its port replaced, for connecting through the proxy. */
    private static String viaPort(int port) {
        URI u = URI.create(TestBroker.get().uri());
        return u.getScheme() + "://" + u.getRawUserInfo() + "@127.0.0.1:" + port + (u.getRawPath() == null ? "" : u.getRawPath());
    }

    private static TcpProxy proxy() throws IOException {
        URI u = URI.create(TestBroker.get().uri());
        return new TcpProxy(u.getHost(), u.getPort() == -1 ? 5672 : u.getPort());
    }

    @Test void connectingToAnUnreachableBrokerFailsAtOnceNamingTheMaskedUri() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String uri = "amqp://guest:s3cret@127.0.0.1:" + port + "/";
        assertThatThrownBy(() -> TaskExecutor.connect(ProducerOptions.builder().uri(uri).queue(queue).build()))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("amqp://guest:****@127.0.0.1:" + port)
                .hasMessageNotContaining("s3cret");
    }

    @Test void tasksSubmittedWhileDisconnectedArePublishedAfterReconnection() throws Exception {
        TcpProxy proxy = closeLater(proxy());
        TaskExecutor pool = closeLater(TaskExecutor.connect(Fixture.options(queue)
                .broker(BrokerSettings.of(viaPort(proxy.port())).withRecoveryInterval(Duration.ofMillis(200))).build()));
        closeLater(ScriptedResponder.start(Fixture.broker(), queue, ScriptedResponder.compute()));
        assertThat(pool.submit(Examples.CUBE, 2)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(8);
        proxy.cut();
        org.awaitility.Awaitility.await().until(() -> !pool.connected());
        List<CompletableFuture<Integer>> during = new ArrayList<>();
        for (int i = 0; i < 5; i++) during.add(pool.submit(Examples.CUBE, i));
        proxy.restore();
        for (int i = 0; i < 5; i++) {
            assertThat(during.get(i)).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(i * i * i);
        }
    }

    @Test void aBrokerGoneForLongerThanTheLossTimeoutFailsPendingFuturesAndSubmitFailsFast() throws Exception {
        TcpProxy proxy = closeLater(proxy());
        Held held = new Held();
        TaskExecutor pool = closeLater(TaskExecutor.connect(Fixture.options(queue)
                .broker(BrokerSettings.of(viaPort(proxy.port())).withRecoveryInterval(Duration.ofMillis(200)))
                .brokerLossTimeout(Duration.ofSeconds(1)).build()));
        closeLater(ScriptedResponder.start(Fixture.broker(), queue, held));
        CompletableFuture<Integer> f = pool.submit(Examples.CUBE, 3);
        held.awaitTasks(1);
        proxy.cut();
        assertThat(f).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(BrokerUnavailableException.class).withMessageContaining("unreachable");
        assertThatThrownBy(() -> pool.submit(Examples.CUBE, 4)).isInstanceOf(BrokerUnavailableException.class);
        pool.close(); // never hangs: nothing is pending
        assertThat(pool.isTerminated()).isTrue();
        Fixture.deleteQueue(pool.options().replyQueue()); // it could not delete it itself
    }

    @Test void closingTheProducersConnectionOnTheBrokerMidRunLosesNoTask() throws Exception {
        assumeTrue(TestBroker.get().isRabbitMq(), "needs RabbitMQ");
        assumeTrue(BrokerConnections.available(), "needs rabbitmqctl for the broker under test");
        TaskExecutor pool = closeLater(TaskExecutor.connect(Fixture.options(queue)
                .broker(Fixture.broker().withRecoveryInterval(Duration.ofMillis(200))).build()));
        closeLater(ScriptedResponder.start(Fixture.broker(), queue, ScriptedResponder.compute()));
        List<CompletableFuture<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) fs.add(pool.submit(Examples.CUBE, i % 100));
        BrokerConnections.close(pool.connectionName(), Duration.ofSeconds(30));
        for (int i = 1000; i < 2000; i++) fs.add(pool.submit(Examples.CUBE, i % 100));
        for (int i = 0; i < fs.size(); i++) {
            int n = i % 100;
            assertThat(fs.get(i)).succeedsWithin(Duration.ofSeconds(60)).isEqualTo(n * n * n);
        }
        org.awaitility.Awaitility.await().until(pool::connected);
    }
}
