package dev.warren.cli.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * {@code warren demo [--children N] [--quick] [--output DIR]}: one command, no broker installed. Starts
 * the embedded AMQP broker in this JVM (or uses the RabbitMQ named by {@code WARREN_BROKER_URI}), a
 * supervisor with N child JVMs as a real subprocess ({@code java -jar warren-worker.jar}), runs the
 * examples of Python's multiprocessing tutorials on it, prints a summary and stops everything it
 * started: no process is left behind, also on Ctrl-C.
 *
 * <p>The only public class of this package: the CLI's {@code demo} command calls {@link #run}. Not thread-safe;
 * one demo per call.
 */
public final class Demo {
    /** One line for {@code warren help}. */
    public static final String SUMMARY = "Start a broker and a pool of child JVMs, run the tutorials on it.";
    /** Where the blurred images go when {@code --output} is not given. */
    public static final String DEFAULT_OUTPUT = "warren-demo-output";

    private Demo() {}

    /**
     * Runs the whole demo and stops what it started.
     *
     * @param children the pool size, 0 for the default {@code max(2, available processors)}
     * @param quick    smaller sizes so the demo takes about 15-30 s (for tests)
     * @param output   the folder for the blurred images; null for {@value #DEFAULT_OUTPUT} in the working directory
     * @param out      where the demo's report goes
     * @param err      where errors and the progress bars go
     * @param env      the environment ({@code WARREN_BROKER_URI}, {@code WARREN_WORKER_JAR}, ...)
     * @param progress opens a progress bar for that many steps (closing it prints its last state)
     * @param step     advances a bar that {@code progress} opened by one
     * @return 0 on success, 1 when a step failed or something could not be started or stopped cleanly
     */
    public static int run(int children, boolean quick, String output, PrintStream out, PrintStream err,
                          Map<String, String> env, LongFunction<AutoCloseable> progress, Consumer<AutoCloseable> step) {
        int n = children > 0 ? children : Math.max(2, Runtime.getRuntime().availableProcessors());
        Path dir = Path.of(output == null || output.isBlank() ? DEFAULT_OUTPUT : output).toAbsolutePath().normalize();
        Console console = new Console(out, err, progress, step);
        return new DemoRun(n, Sizes.of(quick, n), dir, env, console).run();
    }
}
