package dev.warren.worker.supervisor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.internal.Json;
import dev.warren.testing.TcpProxy;
import java.io.IOException;
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
import java.util.Set;
import java.util.stream.Collectors;

/** A supervisor ({@link Main}) started by a test as a real JVM, its output in a log file. */
public final class SupervisorProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public final Process process;
    final int port;
    final Path log;

    private SupervisorProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static SupervisorProcess start(Map<String, String> env, String... args) throws IOException {
        int port = TcpProxy.freePort();
        Path log = Files.createTempFile("warren-supervisor-", ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dmicronaut.server.port=" + port,
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("WARREN_"));
        pb.environment().putAll(env);
        return new SupervisorProcess(pb.start(), port, log);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** The readiness status code, or -1 while the HTTP server is not up. */
    public int readiness() {
        try {
            return get("/health/readiness").statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Waits until {@code /health/readiness} answers 200.
     *
     * @throws AssertionError with the supervisor's output when it dies or the time is up
     */
    public SupervisorProcess awaitReady(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (readiness() != 200) {
            if (System.nanoTime() > end || !process.isAlive()) throw new AssertionError("supervisor not ready:\n" + output());
            Thread.sleep(100);
        }
        return this;
    }

    /** Waits until the pool view shows this many children consuming (readiness needs only one). */
    public SupervisorProcess awaitConsuming(int children, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            int consuming = 0;
            if (readiness() == 200) {
                for (JsonNode c : pool().path("children")) if ("consuming".equals(c.path("state").asText())) consuming++;
            }
            if (consuming >= children) return this;
            if (System.nanoTime() > end || !process.isAlive()) {
                throw new AssertionError(consuming + " of " + children + " children consuming:\n" + output());
            }
            Thread.sleep(100);
        }
    }

    public JsonNode pool() throws IOException, InterruptedException {
        return Json.MAPPER.readTree(get("/pool").body());
    }

    public Set<Long> childPids() {
        return process.toHandle().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() throws IOException {
        Set<ProcessHandle> children = process.toHandle().descendants().collect(Collectors.toSet());
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        Files.deleteIfExists(log);
    }
}
