package dev.warren.worker;

import dev.warren.common.TaskType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The tasks a child can run, by name. Immutable once built; thread-safe.
 * A name registered twice (in one module or across modules) is an error at start-up.
 */
public final class TaskRegistry {
    /** A registered task: its type and code. */
    public record Entry<I, O>(TaskType<I, O> type, Task<I, O> task) {}

    private final Map<String, Entry<?, ?>> tasks;

    private TaskRegistry(Map<String, Entry<?, ?>> tasks) {
        this.tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
    }

    /**
     * Every {@link TaskModule} on the class loader's service path.
     *
     * @throws IllegalStateException if two registrations share a name
     */
    public static TaskRegistry load(ClassLoader loader) {
        Builder b = builder();
        for (TaskModule m : ServiceLoader.load(TaskModule.class, loader)) {
            b.source = m.getClass().getName();
            m.register(b);
        }
        return b.build();
    }

    public static Builder builder() { return new Builder(); }

    public Optional<Entry<?, ?>> find(String name) { return Optional.ofNullable(tasks.get(name)); }

    public java.util.Set<String> names() { return tasks.keySet(); }

    /** Collects registrations; not thread-safe. */
    public static final class Builder {
        private final Map<String, Entry<?, ?>> tasks = new LinkedHashMap<>();
        private final Map<String, String> sources = new LinkedHashMap<>();
        private String source = "builder";

        private Builder() {}

        /**
         * @throws IllegalStateException if the name is already registered
         */
        public <I, O> Builder register(TaskType<I, O> type, Task<I, O> task) {
            String prev = sources.putIfAbsent(type.name(), source);
            if (prev != null) {
                throw new IllegalStateException("duplicate task name '" + type.name() + "': registered by "
                        + prev + " and by " + source);
            }
            tasks.put(type.name(), new Entry<>(type, java.util.Objects.requireNonNull(task, "task")));
            return this;
        }

        public TaskRegistry build() { return new TaskRegistry(tasks); }
    }
}
