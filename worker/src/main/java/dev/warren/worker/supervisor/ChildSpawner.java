package dev.warren.worker.supervisor;

import dev.warren.common.internal.Json;
import dev.warren.worker.child.ChildMain;
import dev.warren.worker.child.ChildSlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one child JVM: the command of {@link PoolOptions} with its {@link ChildSlot} file (in a temporary
 * directory of this pool) and the histogram bounds as system properties, an environment without the broker credentials (they travel
 * on the pipe only), its configuration line and the recent crash notes on stdin, then its two reader threads. Knows
 * nothing of slots or state. Thread-safe.
 */
final class ChildSpawner {
    private static final Logger log = LoggerFactory.getLogger(ChildPool.class);

    private final PoolOptions options;
    private final long[] runBoundsMs;
    private final AtomicInteger sequence = new AtomicInteger();
    private volatile Path slotDir;

    ChildSpawner(PoolOptions options) {
        this(options, TaskBuckets.run(null, options.hardTimeLimit(), options.template().softTimeLimitMs()));
    }

    /** @param runBoundsMs the run-time histogram's bucket bounds the children fill ({@link TaskBuckets}) */
    ChildSpawner(PoolOptions options, long[] runBoundsMs) {
        this.options = options;
        this.runBoundsMs = runBoundsMs.clone();
    }

    /** The id the next child gets: {@code child-1}, {@code child-2}, ... */
    String nextId() { return "child-" + sequence.incrementAndGet(); }

    /**
     * Starts the process and writes its first lines: the configuration, then {@code notes}.
     *
     * @throws IOException when the process cannot be started
     */
    ChildProcess start(String id, int slot, List<String> notes) throws IOException { return start(id, slot, notes, false); }

    /** The same; a {@code spare} connects but does not consume until it is told {@code consume}. */
    ChildProcess start(String id, int slot, List<String> notes, boolean spare) throws IOException {
        List<String> cmd = new ArrayList<>(options.command());
        if (spare) cmd.add(1, "-D" + ChildMain.SPARE_PROPERTY + "=true");
        Path file = slotFile(id);
        ChildSlot taskSlot = null;
        if (file != null) {
            try {
                taskSlot = ChildSlot.map(file);
                cmd.add(1, "-D" + ChildMain.SLOT_PROPERTY + "=" + file);
                cmd.add(1, "-D" + ChildMain.RUN_BUCKETS_PROPERTY + "=" + TaskBuckets.property(runBoundsMs));
                cmd.add(1, "-D" + ChildMain.QUEUE_BUCKETS_PROPERTY + "=" + TaskBuckets.property(TaskBuckets.QUEUE_MS));
            } catch (IOException | RuntimeException e) {
                log.warn("cannot create the slot file {} ({}); {} reports its tasks on stdout", file, e, id);
                taskSlot = null;
                file = null;
            }
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("WARREN_BROKER_"));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            if (file != null) Files.deleteIfExists(file);
            throw e;
        }
        ChildProcess child = new ChildProcess(id, slot, process, taskSlot, file);
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

    /** The slot file of a child, in a private directory made at the first child; null when none can be made. */
    private Path slotFile(String id) {
        try {
            Path dir = slotDir;
            if (dir == null) {
                synchronized (this) {
                    if (slotDir == null) {
                        slotDir = Files.createTempDirectory("warren-slots-");
                        slotDir.toFile().deleteOnExit();
                    }
                    dir = slotDir;
                }
            }
            Path f = dir.resolve(id + ".slot");
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException | RuntimeException e) {
            log.warn("cannot create a directory for the children's slots ({}); they report their tasks on stdout", e.toString());
            return null;
        }
    }

    /** Deletes an exited child's slot file (its mapping stays readable). */
    static void forgetSlot(ChildProcess c) {
        if (c.taskSlotFile == null) return;
        try {
            Files.deleteIfExists(c.taskSlotFile);
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", c.taskSlotFile, e.toString());
        }
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
                ChildProcessIo.readEvents(child, e -> events.onEvent(child, e), st -> events.onStats(child, st));
            } finally {
                onExit.accept(child);
            }
        });
    }
}
