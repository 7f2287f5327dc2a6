package dev.warren.examples;

import dev.warren.common.TaskType;
import dev.warren.worker.TaskModule;
import dev.warren.worker.TaskRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code flaky}: a task that fails its first N runs, for trying retry policies. The input is {@code "KEY:N"}: the
 * runs for a KEY are counted in a file {@code warren-flaky-KEY} in the worker's temporary directory (shared by all
 * children of one host, under a file lock), and each of the first N throws an {@code IllegalStateException}
 * ({@code retryable}); later ones return {@code "ok after N failures"}. Registered through ServiceLoader next to
 * {@link ExampleTasks}.
 */
public final class FlakyTasks implements TaskModule {
    /** {@code "KEY:N"} → {@code "ok after N failures"}, failing the first N runs of KEY. */
    public static final TaskType<String, String> FLAKY = TaskType.of("flaky", String.class, String.class);

    private static final Pattern INPUT = Pattern.compile("([A-Za-z0-9._-]{1,100}):(\\d{1,6})");

    @Override public void register(TaskRegistry.Builder tasks) {
        tasks.register(FLAKY, (in, ctx) -> run(in));
    }

    static String run(String input) {
        Matcher m = INPUT.matcher(input == null ? "" : input);
        if (!m.matches()) throw new IllegalArgumentException("flaky takes \"KEY:N\" (KEY of [A-Za-z0-9._-]): " + input);
        int failures = Integer.parseInt(m.group(2));
        int run = countRun(Path.of(System.getProperty("java.io.tmpdir"), "warren-flaky-" + m.group(1)));
        if (run <= failures) throw new IllegalStateException("flaky run " + run + " of " + m.group(1) + " fails (" + failures + " to go through)");
        return "ok after " + failures + " failures";
    }

    /** Increments the run count kept in the file; returns the new count (1 for the first run). */
    private static int countRun(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            ByteBuffer b = ByteBuffer.allocate(4);
            int n = ch.read(b, 0) == 4 ? b.flip().getInt() : 0;
            ch.write(ByteBuffer.allocate(4).putInt(0, n + 1), 0);
            return n + 1;
        } catch (IOException e) {
            throw new UncheckedIOException("flaky cannot count runs in " + file, e);
        }
    }
}
