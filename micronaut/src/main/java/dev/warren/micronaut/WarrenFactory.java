package dev.warren.micronaut;

import dev.warren.producer.TaskExecutor;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * Makes a {@link TaskExecutor} injectable in a Micronaut application, configured from
 * {@code warren.*} ({@link WarrenProducerConfiguration}). One executor per application context,
 * connected on first injection and closed (draining pending futures) when the context stops. When the
 * application has a Micrometer {@code MeterRegistry} bean (micronaut-micrometer), the executor's metrics go to it
 * ({@code ProducerOptions.meterRegistry}); this module itself does not depend on Micrometer.
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
    TaskExecutor taskExecutor(WarrenProducerConfiguration configuration, BeanContext context) {
        return TaskExecutor.connect(configuration.toOptions(meterRegistry(context)));
    }

    /** The application's MeterRegistry bean, or null without Micrometer on the class path or without such a bean. */
    static Object meterRegistry(BeanContext context) {
        Class<?> type;
        try {
            type = Class.forName("io.micrometer.core.instrument.MeterRegistry", false, WarrenFactory.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        return context.findBean(type).orElse(null);
    }
}
