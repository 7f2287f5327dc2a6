package dev.warren.bench;

import dev.warren.testing.WorkerPool;
import dev.warren.testing.WorkerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A warren supervisor ({@code java -jar warren-worker.jar}) run by the bench through warren-testing's
 * {@link WorkerProcess}, watched through {@code /pool}. Its output is appended to the bench's log file; a JVM
 * shutdown hook kills it should the bench end (or be interrupted) before {@link #close()}.
 */
final class SupervisorProc implements AutoCloseable {
    /** One child as {@code /pool} lists it. */
    record Child(long pid, int slot, String state, long uptimeMs) {
        boolean consuming() { return "consuming".equals(state); }
    }

    private final WorkerProcess worker;
    private final Path log;

    private SupervisorProc(WorkerProcess worker, Path log) {
        this.worker = worker;
        this.log = log;
    }

    /** Starts a supervisor and waits until all its children consume. */
    static SupervisorProc start(BenchArgs args, String queue, String queueType, int children, int prefetch,
                                Path cdsArchive, Path log) throws InterruptedException {
        var builder = WorkerProcess.builder(args.broker()).jar(args.workerJar()).jvmOption("-Xmx128m").output(log)
                .queue(queue).env("WARREN_QUEUE_TYPE", queueType).children(children)
                .env("WARREN_PREFETCH", Integer.toString(prefetch)).env("WARREN_CHILD_JVM_OPTIONS", args.childJvmOptions());
        if (cdsArchive != null) builder.env("WARREN_CDS_ARCHIVE", cdsArchive.toString());
        SupervisorProc s = new SupervisorProc(builder.launch(), log);
        try {
            // every slot consuming; a warm spare (slot -1, WARREN_SPARE_CHILDREN) is listed beside them and not awaited
            s.await(cs -> cs.stream().filter(c -> c.slot() >= 0).count() == children
                    && cs.stream().filter(c -> c.slot() >= 0).allMatch(Child::consuming), Duration.ofSeconds(90));
        } catch (RuntimeException | InterruptedException e) {
            s.worker.close();
            throw e;
        }
        return s;
    }

    long pid() { return worker.pid(); }

    Path log() { return log; }

    /** The children from {@code /pool}; empty while the endpoint is not up. */
    List<Child> children() {
        try {
            return of(worker.pool());
        } catch (RuntimeException notUp) {
            return List.of();
        }
    }

    /** Polls {@code /pool} every {@code pollMs} until the children satisfy the condition. */
    List<Child> await(Predicate<List<Child>> condition, Duration timeout, long pollMs) throws InterruptedException {
        try {
            return of(worker.awaitPool(p -> condition.test(of(p)), timeout, pollMs));
        } catch (IllegalStateException e) {
            if (Thread.interrupted()) throw new InterruptedException("waiting for the supervisor's children");
            throw new IllegalStateException("the supervisor's children did not reach the expected state within " + timeout
                    + " (last: " + children() + "); see " + log, e);
        }
    }

    List<Child> await(Predicate<List<Child>> condition, Duration timeout) throws InterruptedException {
        return await(condition, timeout, 50);
    }

    /**
     * SIGKILLs the child in {@code slot} once it has been up long enough for the supervisor to restart
     * it without backoff and the warm spare, if there is one, is connected; returns the milliseconds from the kill
     * until {@code /pool} lists its replacement as consuming.
     */
    double killAndAwaitReplacement(int slot) throws InterruptedException {
        // steady state: the victim is past the restart backoff's window, and the warm spare (if any) is connected
        List<Child> cs = await(l -> l.stream().anyMatch(c -> c.slot() == slot && c.consuming() && c.uptimeMs() > 5500)
                && l.stream().filter(c -> c.slot() < 0).allMatch(c -> c.state().equals("spare")), Duration.ofSeconds(30));
        long victim = cs.stream().filter(c -> c.slot() == slot).findFirst().orElseThrow().pid();
        ProcessHandle h = ProcessHandle.of(victim).orElseThrow();
        long t0 = System.nanoTime();
        h.destroyForcibly();
        await(l -> l.stream().anyMatch(c -> c.slot() == slot && c.pid() != victim && c.consuming()), Duration.ofSeconds(30), 2);
        return (System.nanoTime() - t0) / 1e6;
    }

    /** SIGTERM (drain), then SIGKILL for whatever is left. */
    @Override public void close() {
        worker.stop(Duration.ofSeconds(15));
        worker.close();
    }

    private static List<Child> of(WorkerPool pool) {
        return pool.children().stream().map(c -> new Child(c.pid(), c.slot(), c.state(), c.uptimeMs())).toList();
    }
}
