package dev.warren.worker.supervisor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;

/**
 * {@code warren_build_info{component="supervisor",version,java_version} 1}: which warren and which Java each
 * supervisor runs, for dashboards and for an alert on a fleet that runs mixed versions after an upgrade.
 */
@Context
final class BuildInfoMetrics {
    BuildInfoMetrics(MeterRegistry registry) {
        Gauge.builder("warren.build.info", () -> 1).description("The warren version and the Java version it runs on")
                .tag("component", "supervisor").tag("version", dev.warren.common.internal.WarrenVersion.get())
                .tag("java.version", System.getProperty("java.version")).strongReference(true).register(registry);
    }
}
