package dev.warren.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.warren.common.BrokerSettings;
import dev.warren.common.Protocol;
import dev.warren.common.WorkerInfo;
import dev.warren.common.internal.ReplyEnvelope;
import dev.warren.examples.Examples;
import dev.warren.producer.TaskExecutor;
import dev.warren.testing.TestBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The executor is injectable from warren.* configuration and works against a real broker. */
class WarrenFactoryIT {
    @Test void taskExecutorIsInjectedFromWarrenConfigurationAndSubmitsToTheConfiguredQueue() throws Exception {
        String queue = TestBroker.uniqueQueue("micronaut-it");
        Map<String, Object> config = Map.of("warren.broker-uri", TestBroker.get().uri(), "warren.queue", queue,
                "warren.client-id", "orders-service-1", "warren.default-timeout", "30s");
        SimpleMeterRegistry registry = new SimpleMeterRegistry(); // as micronaut-micrometer would provide
        try (ApplicationContext ctx = ApplicationContext.builder().properties(config).singletons(registry).start();
             Connection conn = BrokerSettings.of(TestBroker.get().uri()).connectionFactory().newConnection()) {
            TaskExecutor pool = ctx.getBean(TaskExecutor.class);
            assertThat(ctx.getBean(TaskExecutor.class)).isSameAs(pool);
            assertThat(pool.options().queue()).isEqualTo(queue);
            assertThat(pool.options().clientId()).isEqualTo("orders-service-1");
            Channel ch = conn.createChannel();
            // a minimal worker: answers cube on the configured queue, as docs/protocol.md says
            ch.basicConsume(queue, true, new DefaultConsumer(ch) {
                @Override public void handleDelivery(String tag, Envelope e, AMQP.BasicProperties p, byte[] body) throws java.io.IOException {
                    int n = Integer.parseInt(new String(body, StandardCharsets.UTF_8));
                    ReplyEnvelope r = new ReplyEnvelope(p.getCorrelationId(), true, 1, new WorkerInfo("test", 1, "c", 0, 0),
                            null, null, false, Integer.toString(n * n * n).getBytes(StandardCharsets.UTF_8));
                    ch.basicPublish("", p.getReplyTo(), r.toProperties(), r.body());
                    assertThat(p.getReplyTo()).isEqualTo(Protocol.REPLY_PREFIX + "orders-service-1");
                }
            });
            assertThat(pool.submit(Examples.CUBE, 3).get(30, TimeUnit.SECONDS)).isEqualTo(27);
            assertThat(registry.get("warren.producer.tasks.submitted").counter().count()).isEqualTo(1.0);
            ch.queueDelete(queue);
            ch.queueDelete(queue + Protocol.DEAD_SUFFIX);
        }
    }

    @Test void closingTheContextClosesTheExecutor() {
        String queue = TestBroker.uniqueQueue("micronaut-it");
        TaskExecutor pool;
        try (ApplicationContext ctx = ApplicationContext.run(Map.of("warren.broker-uri", TestBroker.get().uri(),
                "warren.queue", queue, "warren.broker-loss-timeout", Duration.ofSeconds(5).toString()))) {
            pool = ctx.getBean(TaskExecutor.class);
            assertThat(pool.options().brokerLossTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(pool.isShutdown()).isFalse();
        }
        assertThat(pool.isShutdown()).isTrue();
    }
}
