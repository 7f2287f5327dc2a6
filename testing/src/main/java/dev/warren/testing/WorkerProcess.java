package dev.warren.testing;

import dev.warren.common.BrokerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A warren worker supervisor run as a real JVM, with its children (real JVMs too): the one launcher of tests, the
 * demo and the bench. It runs {@code java [options] -cp <class path> dev.warren.worker.supervisor.Main} (by default
 * with this JVM's class path, which must then hold warren-worker and the task modules) or {@code java [options] -jar
 * warren-worker.jar}, with the {@code WARREN_*} environment the {@link WorkerProcessBuilder} sets and its HTTP server on a free
 * loopback port ({@code WARREN_HTTP_PORT}). {@link WorkerProcessBuilder#start()} returns once {@code GET /health/readiness} answers
 * 200 (the broker is reachable and a child consumes); {@link WorkerProcessBuilder#launch()} returns at once.
 *
 * <pre>{@code
 * try (WorkerProcess worker = WorkerProcess.builder(broker.uri()).queue(queue).children(2).start()) {
 *     worker.awaitConsuming(2, Duration.ofSeconds(60));
 *     // submit tasks with a TaskExecutor on the same queue
 * }
 * }</pre>
 *
 * <p>Unless {@link WorkerProcessBuilder#inheritEnvironment()}, the inherited {@code WARREN_*} variables are removed so the
 * caller's environment cannot change the worker. Output (supervisor and children) goes to {@link #outputFile()}:
 * a temporary file deleted by {@link #close()}, or the caller's own ({@link WorkerProcessBuilder#output(Path)}, appended to and
 * kept). {@link #stop} is the orderly end (SIGTERM: the supervisor drains), {@link #kill()} the supervisor's sudden
 * death (its children must notice on their own), {@link #close()} SIGKILLs everything. This class does not depend on
 * warren-worker (the main class is named as a string), nor on JUnit or Testcontainers. Thread-safe.
 */
public final class WorkerProcess implements AutoCloseable {
    /** The supervisor's main class in warren-worker. */
    public static final String DEFAULT_MAIN_CLASS = WorkerProcessBuilder.DEFAULT_MAIN_CLASS;
    /** How often the waits poll the endpoints. */
    static final long POLL_MS = 100;

    private final Process process;
    private final int httpPort;
    private final Path output;
    private final boolean ownsOutput;
    private final WorkerHttp http;
    private final Thread killOnExit;
    private WorkerExit exit;

    WorkerProcess(Process process, int httpPort, Path output, boolean ownsOutput, boolean killOnJvmExit) {
        this.process = process;
        this.httpPort = httpPort;
        this.output = output;
        this.ownsOutput = ownsOutput;
        this.http = new WorkerHttp(httpPort);
        this.killOnExit = killOnJvmExit ? new Thread(() -> ProcessTree.kill(process), "warren-worker-kill") : null;
        if (killOnExit != null) Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** A builder for a supervisor connecting to this broker URI (credentials included; never logged). */
    public static WorkerProcessBuilder builder(String brokerUri) {
        return new WorkerProcessBuilder().env("WARREN_BROKER_URI", brokerUri);
    }

    /** A builder that names no broker: set {@code WARREN_BROKER_URI} with {@link WorkerProcessBuilder#env} or inherit it. */
    public static WorkerProcessBuilder builder() { return new WorkerProcessBuilder(); }

    /** The supervisor's HTTP port ({@code /health/readiness}, {@code /pool}, {@code /prometheus}). */
    public int httpPort() { return httpPort; }

    /** The supervisor's process id. */
    public long pid() { return process.pid(); }

    /** The supervisor's process. */
    public ProcessHandle handle() { return process.toHandle(); }

    /** True while the supervisor process runs. */
    public boolean isAlive() { return process.isAlive(); }

    /** The process ids of the supervisor's children (the task-running JVMs) right now. */
    public Set<Long> childPids() {
        return process.toHandle().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /**
     * {@code GET path} on the supervisor.
     *
     * @throws UncheckedIOException while its HTTP server is not up
     */
    public HttpResponse<String> get(String path) { return http.get(path); }

    /** The status of {@code GET /health/readiness}: 200 ready, 503 not (yet), -1 while the HTTP server is not up. */
    public int readinessStatus() { return http.status("/health/readiness"); }

    /** True when {@code GET /health/readiness} answers 200 now; false while starting, draining or unreachable. */
    public boolean isReady() { return readinessStatus() == 200; }

    /** {@code GET /pool}, parsed. @throws UncheckedIOException while the HTTP server is not up */
    public WorkerPool pool() { return WorkerPool.of(http.json("/pool")); }

    /** {@code GET /prometheus}: the metrics in Prometheus' text format. */
    public String prometheus() { return http.get("/prometheus").body(); }

    /**
     * Waits until {@link #isReady()}.
     *
     * @throws IllegalStateException if the supervisor exits or is not ready in time; the message holds its output's tail
     */
    public WorkerProcess awaitReady(Duration timeout) {
        awaitPool(p -> isReady(), timeout, "ready");
        return this;
    }

    /**
     * Waits until readiness is UP and {@code /pool} lists at least {@code children} children in state
     * {@code consuming} (readiness needs only one); returns the pool's children then.
     *
     * @throws IllegalStateException if the supervisor exits or the time is up; the message holds its output's tail
     */
    public List<WorkerPool.Child> awaitConsuming(int children, Duration timeout) {
        return awaitPool(p -> p.children().stream().filter(WorkerPool.Child::consuming).count() >= children && isReady(),
                timeout, children + " children consuming").children();
    }

    /**
     * Polls {@code /pool} every {@code pollMs} until it satisfies the condition; returns that view.
     *
     * @throws IllegalStateException if the supervisor exits or the time is up; the message holds the last view and
     *                               the output's tail
     */
    public WorkerPool awaitPool(Predicate<WorkerPool> condition, Duration timeout, long pollMs) {
        long deadline = System.nanoTime() + timeout.toNanos();
        WorkerPool last = null;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the supervisor (pid " + pid() + ") exited with " + process.exitValue()
                        + "; its output (" + output + ") ends with:\n" + tail(40));
            }
            try {
                last = pool();
                if (condition.test(last)) return last;
            } catch (UncheckedIOException | IllegalStateException notUp) {
                if (Thread.currentThread().isInterrupted()) throw notUp;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the supervisor (pid " + pid() + ") did not reach the expected state within "
                        + timeout + "; last /pool: " + last + "; its output (" + output + ") ends with:\n" + tail(40));
            }
            if (!ProcessTree.sleep(pollMs)) throw new IllegalStateException("interrupted while waiting for the supervisor");
        }
    }

    private WorkerPool awaitPool(Predicate<WorkerPool> condition, Duration timeout, String what) {
        try {
            return awaitPool(condition, timeout, POLL_MS);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("waiting for " + what + ": " + e.getMessage(), e);
        }
    }

    /** Sends SIGTERM: the supervisor drains (readiness DOWN, children finish their tasks) and exits. */
    public void sigterm() { process.destroy(); }

    /** Waits for the supervisor to exit; its status, or empty if it still runs after the timeout. */
    public OptionalInt awaitExit(Duration timeout) {
        return ProcessTree.await(process, timeout.toMillis()) ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
    }

    /**
     * The orderly end: SIGTERM, then waits up to {@code timeout} for the supervisor to drain and exit; past it,
     * SIGKILLs it and its descendants. Children still running {@value ProcessTree#LEFTOVER_GRACE_MS} ms after it
     * exited are killed and reported. Idempotent: a second call returns the first one's answer.
     */
    public synchronized WorkerExit stop(Duration timeout) {
        if (exit == null) exit = ProcessTree.stop(process, timeout.toMillis());
        return exit;
    }

    /** SIGKILLs the supervisor alone, as a container's sudden death would: its children must exit on their own. */
    public void kill() { process.destroyForcibly(); }

    /** Everything the supervisor and its children wrote so far (passwords masked). */
    public String output() {
        try {
            return BrokerSettings.mask(Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e + ")";
        }
    }

    /** The output's last lines (passwords masked). */
    public String tail(int lines) {
        List<String> all = output().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** The file the output goes to. */
    public Path outputFile() { return output; }

    /** SIGKILLs the supervisor and all its descendants; deletes the output file unless the caller named it. */
    @Override public void close() {
        ProcessTree.kill(process);
        if (killOnExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
        if (ownsOutput) {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                // a temporary file left behind
            }
        }
    }

    @Override public String toString() { return "WorkerProcess[pid " + process.pid() + ", http " + httpPort + "]"; }

}
