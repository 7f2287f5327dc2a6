package dev.warren.worker;

/**
 * A set of tasks, found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.warren.worker.TaskModule} of your jar and put the jar on the
 * worker's class path. Needs a public no-argument constructor.
 *
 * <pre>{@code
 * public final class MyTasks implements TaskModule {
 *     public void register(TaskRegistry.Builder tasks) {
 *         tasks.register(Examples.CUBE, (n, ctx) -> n * n * n);
 *     }
 * }
 * }</pre>
 */
public interface TaskModule {
    void register(TaskRegistry.Builder tasks);
}
