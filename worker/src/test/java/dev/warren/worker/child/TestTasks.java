package dev.warren.worker.child;

import dev.warren.worker.Initializer;
import dev.warren.worker.TaskRegistry;
import dev.warren.worker.TaskModule;
import dev.warren.common.TaskType;
import java.util.List;

/** Tasks that exist only on the test class path, found by ServiceLoader like any user's module. */
public final class TestTasks implements TaskModule {
    public static final TaskType<String, String> INIT_VALUE = TaskType.of("test.init-value", String.class, String.class);
    public static final TaskType<String, String> PRINT = TaskType.of("test.print", String.class, String.class);
    /** Spins for the given ms ignoring interrupts: a runaway the soft limit cannot stop. */
    public static final TaskType<Long, Long> STUBBORN = TaskType.of("test.stubborn", Long.class, Long.class);
    /** Sleeps the given ms; first appends its task id to the file in WARREN_FAULT_LOG (counts executions). */
    public static final TaskType<Integer, Integer> RECORDED = TaskType.of("test.recorded", Integer.class, Integer.class);

    @Override public void register(TaskRegistry.Builder tasks) {
        tasks.register(INIT_VALUE, (key, ctx) -> System.getProperty("warren.test.init", "<not initialized>"));
        tasks.register(RECORDED, (ms, ctx) -> {
            String log = System.getenv("WARREN_FAULT_LOG");
            if (log != null) {
                java.nio.file.Files.writeString(java.nio.file.Path.of(log), ctx.taskId() + "\n",
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
            Thread.sleep(ms);
            return ms;
        });
        tasks.register(STUBBORN, (ms, ctx) -> {
            long end = System.nanoTime() + ms * 1_000_000;
            long spins = 0;
            while (System.nanoTime() < end) spins++;
            return spins;
        });
        tasks.register(PRINT, (s, ctx) -> {
            System.out.println("a task printing to stdout must not corrupt the event channel: " + s);
            return s;
        });
    }

    /** An initializer (ProcessPoolExecutor's initializer/initargs) that records its arguments. */
    public static final class RecordingInitializer implements Initializer {
        @Override public void initialize(List<String> initargs) {
            System.setProperty("warren.test.init", "initialized with " + String.join(",", initargs));
        }
    }
}
