package dev.warren.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a supervisor's {@code GET /pool} answered (docs/operations.md, "Endpoints"), parsed. Fields the endpoint
 * adds later are ignored.
 *
 * @param state     the supervisor's state: {@code connecting}, {@code running}, {@code draining}, {@code stopped}
 * @param size      the configured number of children
 * @param alive     child processes running, in any state
 * @param consuming children that consume tasks right now
 * @param children  every running child, by slot then age
 */
public record WorkerPool(String state, int size, int alive, int consuming, List<Child> children) {

    public WorkerPool {
        children = List.copyOf(children);
    }

    /**
     * One child as {@code /pool} lists it.
     *
     * @param id            the child id ({@code child-1}, ...)
     * @param pid           its process id
     * @param slot          its slot in the pool (0-based)
     * @param state         {@code starting}, {@code consuming}, {@code recycling} or {@code draining}
     * @param uptimeMs      time since it was started
     * @param tasksDone     tasks it finished
     * @param currentTaskId the task it runs, or null
     * @param currentTask   that task's name, or null
     * @param currentTaskMs how long it has run that task, or null
     */
    public record Child(String id, long pid, int slot, String state, long uptimeMs, long tasksDone, String currentTaskId,
                        String currentTask, Long currentTaskMs) {
        /** Whether its state is {@code consuming}. */
        public boolean consuming() { return "consuming".equals(state); }

        /** Whether it runs a task now. */
        public boolean busy() { return currentTaskId != null; }
    }

    /** The pids of the listed children. */
    public List<Long> pids() { return children.stream().map(Child::pid).toList(); }

    /** The sum of the children's {@code tasksDone}. */
    public long tasksDone() { return children.stream().mapToLong(Child::tasksDone).sum(); }

    /** The {@code /pool} JSON, parsed. */
    static WorkerPool of(JsonNode json) {
        List<Child> children = new ArrayList<>();
        for (JsonNode c : json.path("children")) {
            children.add(new Child(c.path("id").asText(), c.path("pid").asLong(), c.path("slot").asInt(),
                    c.path("state").asText(), c.path("uptimeMs").asLong(), c.path("tasksDone").asLong(),
                    text(c, "currentTaskId"), text(c, "currentTask"),
                    c.hasNonNull("currentTaskMs") ? c.path("currentTaskMs").asLong() : null));
        }
        return new WorkerPool(json.path("state").asText(), json.path("size").asInt(), json.path("alive").asInt(),
                json.path("consuming").asInt(), children);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.path(field).asText() : null;
    }
}
