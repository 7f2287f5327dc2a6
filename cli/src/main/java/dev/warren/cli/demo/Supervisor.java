package dev.warren.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.BrokerSettings;
import dev.warren.common.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One supervisor ({@code java -jar warren-worker.jar}) as a real subprocess: its own task queue, N
 * children, HTTP on a free loopback port, output in a temporary log file. {@link #stop} sends SIGTERM
 * (drain), waits, and kills it and every descendant if it has not exited in {@link #STOP_TIMEOUT}.
 * Thread-safe for {@code stop}; the rest is called from one thread.
 */
final class Supervisor {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One child as {@code /pool} shows it. */
    record Child(String id, long pid) {}

    final String queue;
    final int children;
    private final Process process;
    private final int port;
    private final Path log;
    private final long startedNanos = System.nanoTime();
    private Integer exitCode;

    private Supervisor(String queue, int children, Process process, int port, Path log) {
        this.queue = queue;
        this.children = children;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static Supervisor start(Path jar, Broker broker, String queue, int children) {
        int port = freePort();
        try {
            Path log = Files.createTempFile("warren-demo-supervisor-", ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-Dmicronaut.server.port=" + port, "-Dwarren.demo.queue=" + queue, "-jar", jar.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            Map<String, String> env = pb.environment();
            env.putAll(broker.supervisorEnvironment());
            env.put("WARREN_QUEUE", queue);
            env.put("WARREN_QUEUE_TYPE", "classic"); // a throw-away queue: no need for a replicated quorum queue
            env.put("WARREN_CHILDREN", Integer.toString(children));
            env.remove("WARREN_HTTP_PORT");
            return new Supervisor(queue, children, pb.start(), port, log);
        } catch (IOException e) {
            throw new DemoException("cannot start the supervisor (" + jar + "): " + e.getMessage(), e);
        }
    }

    long pid() { return process.pid(); }

    Path log() { return log; }

    /**
     * Waits until the supervisor is ready and all its children consume; returns them.
     *
     * @throws DemoException when it exits or is not ready within {@link #READY_TIMEOUT}, with its log's tail
     */
    List<Child> awaitChildren() {
        long deadline = startedNanos + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new DemoException("the supervisor on queue " + queue + " exited with status " + process.exitValue()
                        + " before it was ready; its output (" + log + ") ends with:\n" + tail(30));
            }
            JsonNode pool = get("/pool");
            if (pool != null && pool.path("consuming").asInt() >= children && status("/health/readiness") == 200) {
                List<Child> list = new ArrayList<>();
                for (JsonNode c : pool.path("children")) list.add(new Child(c.path("id").asText(), c.path("pid").asLong()));
                return list;
            }
            pause(200);
        }
        throw new DemoException("the supervisor on queue " + queue + " (pid " + pid() + ") was not ready with "
                + children + " consuming children after " + READY_TIMEOUT.toSeconds() + " s; its output (" + log
                + ") ends with:\n" + tail(30));
    }

    /**
     * SIGTERM (the supervisor drains: children finish their tasks and exit), then waits up to
     * {@code timeout}; past it, kills the supervisor and its descendants. Returns a problem as text, or
     * empty when it exited 0 and left no child behind. Idempotent.
     */
    synchronized String stop(Duration timeout) {
        if (exitCode != null) return "";
        List<ProcessHandle> descendants = new ArrayList<>(process.descendants().toList());
        String problem = "";
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                problem = "the supervisor on queue " + queue + " (pid " + pid() + ") did not exit within "
                        + timeout.toSeconds() + " s of SIGTERM; killed it and its children";
                descendants.addAll(process.descendants().toList());
                process.destroyForcibly();
                descendants.forEach(ProcessHandle::destroyForcibly);
                process.waitFor(10, TimeUnit.SECONDS);
            }
            exitCode = process.isAlive() ? -1 : process.exitValue();
            if (problem.isEmpty() && exitCode != 0) {
                problem = "the supervisor on queue " + queue + " (pid " + pid() + ") exited with status " + exitCode
                        + " after SIGTERM (expected 0); its output (" + log + ") ends with:\n" + tail(20);
            }
            problem = join(problem, reapLeftovers(descendants));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
            exitCode = -1;
            problem = "interrupted while stopping the supervisor on queue " + queue + "; killed it and its children";
        }
        return problem;
    }

    /** Children still alive 5 s after their supervisor exited are killed (and reported: that is a supervisor bug). */
    private static String reapLeftovers(List<ProcessHandle> descendants) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (descendants.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) Thread.sleep(100);
        List<Long> left = descendants.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        if (left.isEmpty()) return "";
        descendants.forEach(ProcessHandle::destroyForcibly);
        return "processes " + left + " were still running 5 s after their supervisor exited; killed them";
    }

    /** Deletes the log file (after a clean run). */
    void deleteLog() {
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary file; not worth failing the demo for
        }
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return BrokerSettings.mask("    " + String.join("\n    ", last));
        } catch (IOException | UncheckedIOException e) {
            return "    (cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private int status(String path) {
        try {
            return HTTP.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException("interrupted while waiting for the supervisor");
        }
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(request(path), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Json.MAPPER.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException("interrupted while waiting for the supervisor");
        }
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).GET().build();
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException("interrupted while waiting for the supervisor");
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new DemoException("no free loopback port: " + e.getMessage(), e);
        }
    }
}
