package dev.warren.worker.supervisor;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * {@code /health/readiness}: UP when the broker is reachable and at least one child consumes; DOWN
 * before that (the supervisor may be waiting for the broker) and while draining. While children cannot start
 * the details say how many in a row and the last one's error ({@code startFailures}, {@code startError}: the
 * initializer's exception class and message), and {@code gaveUp} once the supervisor gives up.
 */
@Singleton
@Readiness
final class ReadinessIndicator implements HealthIndicator {
    private final Supervisor supervisor;

    ReadinessIndicator(Supervisor supervisor) { this.supervisor = supervisor; }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", supervisor.state().name().toLowerCase(java.util.Locale.ROOT));
        details.put("broker", supervisor.brokerReachable() ? "reachable" : "unreachable");
        details.put("consuming", supervisor.consumingCount());
        StartFailures.Streak failing = supervisor.startFailures();
        if (failing != null) {
            details.put("startFailures", failing.failures());
            details.put("startError", failing.error());
        }
        if (supervisor.gaveUp()) details.put("gaveUp", true);
        HealthStatus status = supervisor.ready() ? HealthStatus.UP : HealthStatus.DOWN;
        return Publishers.just(HealthResult.builder("warren", status).details(details).build());
    }
}
