package dev.warren.cli.demo;

import dev.warren.testing.WorkerExit;
import dev.warren.testing.WorkerPool;
import dev.warren.testing.WorkerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One supervisor ({@code java -jar warren-worker.jar}) as a real subprocess, started by warren-testing's
 * {@link WorkerProcess}: its own task queue, N children, HTTP on a free loopback port, output in a temporary log file
 * (kept when something went wrong). The user's {@code WARREN_*} variables pass through. {@link #stop} sends SIGTERM
 * (drain), waits, and kills it and every descendant if it has not exited in time. Thread-safe for {@code stop}; the
 * rest is called from one thread.
 */
final class Supervisor {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** One child as {@code /pool} shows it. */
    record Child(String id, long pid) {}

    final String queue;
    final int children;
    private final WorkerProcess worker;
    private final Path log;
    private final long startedNanos = System.nanoTime();
    private boolean stopped;

    private Supervisor(String queue, int children, WorkerProcess worker, Path log) {
        this.queue = queue;
        this.children = children;
        this.worker = worker;
        this.log = log;
    }

    static Supervisor start(Path jar, Broker broker, String queue, int children) {
        try {
            Path log = Files.createTempFile("warren-demo-supervisor-", ".log");
            WorkerProcess worker = WorkerProcess.builder().inheritEnvironment().env(broker.supervisorEnvironment())
                    .queue(queue).env("WARREN_QUEUE_TYPE", "classic") // a throw-away queue: no need for a replicated quorum queue
                    .children(children).jar(jar)
                    .jvmOption("-Dwarren.demo.queue=" + queue) // names the demo's processes on their command line
                    .output(log).killOnJvmExit(false) // the demo's own shutdown hook stops it (drains)
                    .launch();
            return new Supervisor(queue, children, worker, log);
        } catch (IOException | IllegalStateException e) {
            throw new DemoException("cannot start the supervisor (" + jar + "): " + e.getMessage(), e);
        }
    }

    long pid() { return worker.pid(); }

    Path log() { return log; }

    /**
     * Waits until the supervisor is ready and all its children consume; returns them.
     *
     * @throws DemoException when it exits or is not ready within {@link #READY_TIMEOUT}, with its log's tail
     */
    List<Child> awaitChildren() {
        Duration left = READY_TIMEOUT.minusNanos(System.nanoTime() - startedNanos);
        try {
            List<WorkerPool.Child> kids = worker.awaitConsuming(children, left.isNegative() ? Duration.ZERO : left);
            return kids.stream().map(c -> new Child(c.id(), c.pid())).toList();
        } catch (IllegalStateException e) {
            if (Thread.currentThread().isInterrupted()) throw new DemoException("interrupted while waiting for the supervisor");
            String what = worker.isAlive()
                    ? "(pid " + pid() + ") was not ready with " + children + " consuming children after " + READY_TIMEOUT.toSeconds() + " s"
                    : "exited with status " + worker.awaitExit(Duration.ZERO).orElse(-1) + " before it was ready";
            throw new DemoException("the supervisor on queue " + queue + " " + what + "; its output (" + log
                    + ") ends with:\n" + tail(30), e);
        }
    }

    /**
     * SIGTERM (the supervisor drains: children finish their tasks and exit), then waits up to {@code timeout}; past
     * it, kills the supervisor and its descendants. Returns a problem as text, or empty when it exited 0 and left no
     * child behind. Idempotent.
     */
    synchronized String stop(Duration timeout) {
        if (stopped) return "";
        stopped = true;
        WorkerExit exit = worker.stop(timeout);
        String problem = "";
        if (exit.killed()) {
            problem = "the supervisor on queue " + queue + " (pid " + pid() + ") did not exit within " + timeout.toSeconds()
                    + " s of SIGTERM; killed it and its children";
        } else if (exit.exitCode() != 0) {
            problem = "the supervisor on queue " + queue + " (pid " + pid() + ") exited with status " + exit.exitCode()
                    + " after SIGTERM (expected 0); its output (" + log + ") ends with:\n" + tail(20);
        }
        if (!exit.leftovers().isEmpty()) {
            String left = "processes " + exit.leftovers() + " were still running 5 s after their supervisor exited; killed them";
            problem = problem.isEmpty() ? left : problem + "; " + left;
        }
        if (Thread.currentThread().isInterrupted() && problem.isEmpty()) {
            problem = "interrupted while stopping the supervisor on queue " + queue;
        }
        return problem;
    }

    /** Deletes the log file (after a clean run). */
    void deleteLog() {
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary file; not worth failing the demo for
        }
    }

    /** The log's last lines, indented, passwords masked. */
    String tail(int lines) {
        return "    " + String.join("\n    ", worker.tail(lines).lines().toList());
    }
}
