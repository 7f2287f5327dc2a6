package dev.warren.worker.supervisor;

import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Read;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /pool}: the supervisor's state and each child's id, pid, state, uptime, tasks done and
 * current task with how long it has run, as JSON; while children cannot start, how many in a row and the last
 * one's error.
 */
@Endpoint(id = "pool", defaultSensitive = false)
final class PoolEndpoint {
    private final Supervisor supervisor;

    PoolEndpoint(Supervisor supervisor) { this.supervisor = supervisor; }

    @Read
    Map<String, Object> pool() {
        List<PoolChildView> children = supervisor.snapshot();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", supervisor.state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("size", supervisor.configuredChildren());
        m.put("alive", children.size());
        m.put("consuming", supervisor.consumingCount());
        StartFailures.Streak failing = supervisor.startFailures();
        if (failing != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("failures", failing.failures());
            f.put("error", failing.error());
            m.put("startFailures", f);
        }
        m.put("children", children);
        return m;
    }
}
