package dev.warren.worker.supervisor;

import dev.warren.common.internal.Json;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Starts one child JVM: the command of {@link PoolOptions}, an environment without the broker credentials (they travel
 * on the pipe only), its configuration line and the recent crash notes on stdin, then its two reader threads. Knows
 * nothing of slots or state. Thread-safe.
 */
final class ChildSpawner {
    private final PoolOptions options;
    private final AtomicInteger sequence = new AtomicInteger();

    ChildSpawner(PoolOptions options) { this.options = options; }

    /** The id the next child gets: {@code child-1}, {@code child-2}, ... */
    String nextId() { return "child-" + sequence.incrementAndGet(); }

    /**
     * Starts the process and writes its first lines: the configuration, then {@code notes}.
     *
     * @throws IOException when the process cannot be started
     */
    ChildProcess start(String id, int slot, List<String> notes) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(options.command());
        pb.environment().keySet().removeIf(k -> k.startsWith("WARREN_BROKER_"));
        ChildProcess child = new ChildProcess(id, slot, pb.start());
        String config;
        try {
            config = Json.MAPPER.writeValueAsString(options.configFor(id));
        } catch (IOException e) {
            child.process.destroyForcibly();
            throw new IllegalStateException("cannot write child configuration", e);
        }
        child.send(config);
        for (String n : notes) child.send(n);
        return child;
    }

    /**
     * Starts the child's reader threads: stderr into the log and the tail; stdout through {@code events} (the
     * thread first calls {@link PoolEventHandler#started}), and once stdout closes, {@code onExit}.
     */
    static void watch(ChildProcess child, PoolEventHandler events, Consumer<ChildProcess> onExit) {
        child.stderrReader = ChildProcessIo.startThread(child, "err", () -> ChildProcessIo.pumpStderr(child));
        ChildProcessIo.startThread(child, "out", () -> {
            try {
                events.started(child);
                ChildProcessIo.readEvents(child, e -> events.onEvent(child, e));
            } finally {
                onExit.accept(child);
            }
        });
    }
}
