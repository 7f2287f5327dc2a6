package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.examples.Examples;
import dev.warren.testing.TestBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class PublishIT {
    @Test void aTaskForAQueueThatDoesNotExistFailsWithPublishExceptionFromTheReturn() {
        String queue = TestBroker.uniqueQueue("it.noqueue");
        try (TaskExecutor pool = TaskExecutor.connect(Fixture.options(queue).declareTopology(false).build())) {
            assertThat(pool.submit(Examples.CUBE, 3)).failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(ExecutionException.class).havingCause()
                    .isInstanceOf(PublishException.class)
                    .withMessageContaining(queue); // RabbitMQ returns it (basic.return), Qpid nacks it
            if (TestBroker.get().isRabbitMq()) {
                assertThat(pool.submit(Examples.CUBE, 3)).failsWithin(Duration.ofSeconds(10))
                        .withThrowableOfType(ExecutionException.class)
                        .withMessageContaining("no queue is bound to routing key '" + queue + "'");
            }
            assertThatThrownBy(() -> pool.map(Examples.CUBE, List.of(1, 2)).toList())
                    .isInstanceOf(PublishException.class);
            Fixture.awaitNothingPending(pool);
        }
        assertThat(Fixture.queueExists(queue)).isFalse();
    }
}
