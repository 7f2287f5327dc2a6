package dev.warren.micronaut;

import dev.warren.producer.TaskExecutor;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * Makes a {@link TaskExecutor} injectable in a Micronaut application, configured from
 * {@code warren.*} ({@link WarrenProducerConfiguration}). One executor per application context,
 * connected on first injection and closed (draining pending futures) when the context stops.
 *
 * <pre>{@code
 * @Singleton
 * class Orders {
 *     private final TaskExecutor pool;
 *     Orders(TaskExecutor pool) { this.pool = pool; }
 *     CompletableFuture<Integer> price(int n) { return pool.submit(Examples.CUBE, n); }
 * }
 * }</pre>
 */
@Factory
public class WarrenFactory {
    @Singleton
    @Bean(preDestroy = "close")
    TaskExecutor taskExecutor(WarrenProducerConfiguration configuration) {
        return TaskExecutor.connect(configuration.toOptions());
    }
}
