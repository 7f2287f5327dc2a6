package dev.warren.testing;

import dev.warren.common.BrokerSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A warren worker supervisor run by a test as a real JVM, with its children (real JVMs too):
 * {@code java -cp <this JVM's class path> dev.warren.worker.supervisor.Main} with {@code WARREN_BROKER_URI},
 * {@code WARREN_QUEUE} and {@code WARREN_CHILDREN} in its environment and its HTTP server on a free port.
 * {@link Builder#start()} returns once {@code GET /health/readiness} answers 200 (the broker is reachable and a
 * child consumes). The test's class path must hold warren-worker and the user's task modules; this class does not
 * depend on them and names the main class as a string.
 *
 * <pre>{@code
 * try (WorkerProcess worker = WorkerProcess.builder(broker.uri()).queue(queue).children(2).start()) {
 *     // submit tasks with a TaskExecutor on the same queue
 * }
 * }</pre>
 *
 * <p>The inherited {@code WARREN_*} variables are removed so the test's environment cannot change the worker.
 * Output (supervisor and children) goes to a temporary file, {@link #output()}. {@link #close()} SIGKILLs the
 * supervisor and every descendant and deletes the file. Thread-safe.
 */
public final class WorkerProcess implements AutoCloseable {
    /** The supervisor's main class in warren-worker. */
    public static final String DEFAULT_MAIN_CLASS = "dev.warren.worker.supervisor.Main";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int httpPort;
    private final Path log;

    private WorkerProcess(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    /** A builder for a supervisor connecting to this broker URI (credentials included; never logged). */
    public static Builder builder(String brokerUri) { return new Builder(brokerUri); }

    /** The supervisor's HTTP port ({@code /health/readiness}, {@code /pool}, {@code /prometheus}). */
    public int httpPort() { return httpPort; }

    /** The supervisor's process id. */
    public long pid() { return process.pid(); }

    /** True while the supervisor process runs. */
    public boolean isAlive() { return process.isAlive(); }

    /** The process ids of the supervisor's children (the task-running JVMs) right now. */
    public Set<Long> childPids() {
        return process.toHandle().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** True when {@code GET /health/readiness} answers 200 now; false while starting, draining or unreachable. */
    public boolean isReady() {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/readiness"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits until {@link #isReady()}.
     *
     * @throws IllegalStateException if the supervisor exits or is not ready in time; the message holds its output's tail
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isReady()) {
            if (!process.isAlive()) throw new IllegalStateException("the supervisor exited with " + process.exitValue() + ":\n" + tail());
            if (System.nanoTime() > deadline) throw new IllegalStateException("the supervisor was not ready within " + timeout + ":\n" + tail());
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the supervisor", e);
            }
        }
    }

    /** Everything the supervisor and its children wrote so far (passwords masked). */
    public String output() {
        try {
            return BrokerSettings.mask(Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private String tail() {
        String out = output();
        return out.length() <= 8000 ? out : "..." + out.substring(out.length() - 8000);
    }

    /** SIGKILLs the supervisor and all its descendants and deletes the output file. */
    @Override public void close() {
        List<ProcessHandle> all = new ArrayList<>(process.toHandle().descendants().collect(Collectors.toList()));
        process.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temp file left behind
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override public String toString() { return "WorkerProcess[pid " + process.pid() + ", http " + httpPort + "]"; }

    /** How to start the supervisor. Not thread-safe. */
    public static final class Builder {
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        private String mainClass = DEFAULT_MAIN_CLASS;
        private String classPath = System.getProperty("java.class.path");
        private Duration readyTimeout = Duration.ofSeconds(90);

        private Builder(String brokerUri) {
            env.put("WARREN_BROKER_URI", Objects.requireNonNull(brokerUri, "brokerUri"));
            env.put("WARREN_CHILDREN", "2");
        }

        /** {@code WARREN_QUEUE}: the task queue (default: warren's default queue). */
        public Builder queue(String queue) { return env("WARREN_QUEUE", queue); }

        /** {@code WARREN_CHILDREN}: child JVMs to keep (default 2). */
        public Builder children(int n) { return env("WARREN_CHILDREN", Integer.toString(n)); }

        /** Any other variable, e.g. {@code WARREN_MAX_ATTEMPTS} (docs/operations.md lists them). */
        public Builder env(String name, String value) {
            env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** An extra option for the supervisor's JVM (children take {@code WARREN_CHILD_JVM_OPTIONS}). */
        public Builder jvmOption(String option) { jvmOptions.add(option); return this; }

        /** The supervisor's main class (default {@value #DEFAULT_MAIN_CLASS}). */
        public Builder mainClass(String name) { this.mainClass = Objects.requireNonNull(name, "name"); return this; }

        /** The class path of supervisor and children (default: this JVM's {@code java.class.path}). */
        public Builder classPath(String cp) { this.classPath = Objects.requireNonNull(cp, "cp"); return this; }

        /** How long {@link #start()} waits for readiness (default 90 s). */
        public Builder readyTimeout(Duration d) { this.readyTimeout = Objects.requireNonNull(d, "d"); return this; }

        /**
         * Starts the supervisor and waits until it is ready.
         *
         * @throws IllegalStateException if it cannot be started, exits, or is not ready in time (the process is
         *                               killed then; the message holds its output)
         */
        public WorkerProcess start() {
            int port = freePort();
            Path log;
            Process p;
            try {
                log = Files.createTempFile("warren-worker-", ".log");
                List<String> cmd = new ArrayList<>();
                cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                cmd.addAll(jvmOptions);
                cmd.addAll(List.of("-Dmicronaut.server.port=" + port, "-cp", classPath, mainClass));
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
                pb.environment().keySet().removeIf(k -> k.startsWith("WARREN_"));
                pb.environment().putAll(env);
                p = pb.start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start " + mainClass + ": " + e, e);
            }
            WorkerProcess w = new WorkerProcess(p, port, log);
            try {
                w.awaitReady(readyTimeout);
            } catch (RuntimeException e) {
                w.close();
                throw e;
            }
            return w;
        }

        private static int freePort() {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException("no free TCP port for the supervisor: " + e, e);
            }
        }
    }
}
