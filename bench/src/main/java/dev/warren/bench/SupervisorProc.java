package dev.warren.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A warren supervisor ({@code java -jar warren-worker.jar}) run by the bench, watched through {@code /pool}. */
final class SupervisorProc implements AutoCloseable {
    /** One child as {@code /pool} lists it. */
    record Child(long pid, int slot, String state, long uptimeMs) {
        boolean consuming() { return "consuming".equals(state); }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private SupervisorProc(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a supervisor and waits until all its children consume. */
    static SupervisorProc start(BenchArgs args, String queue, String queueType, int children, int prefetch,
                                Path cdsArchive, Path log) throws IOException, InterruptedException {
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(Procs.java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                "-jar", args.workerJar().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("WARREN_BROKER_URI", args.broker());
        env.put("WARREN_QUEUE", queue);
        env.put("WARREN_QUEUE_TYPE", queueType);
        env.put("WARREN_CHILDREN", Integer.toString(children));
        env.put("WARREN_PREFETCH", Integer.toString(prefetch));
        env.put("WARREN_HTTP_PORT", Integer.toString(port));
        env.put("WARREN_CHILD_JVM_OPTIONS", args.childJvmOptions());
        if (cdsArchive != null) env.put("WARREN_CDS_ARCHIVE", cdsArchive.toString());
        else env.remove("WARREN_CDS_ARCHIVE");
        SupervisorProc s = new SupervisorProc(Procs.start(pb), port, log);
        s.await(cs -> cs.size() == children && cs.stream().allMatch(Child::consuming), Duration.ofSeconds(90));
        return s;
    }

    long pid() { return process.pid(); }

    Path log() { return log; }

    /** The children from {@code /pool}; empty while the endpoint is not up. */
    List<Child> children() {
        List<Child> out = new ArrayList<>();
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/pool"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) return out;
            for (JsonNode c : JSON.readTree(r.body()).path("children")) {
                out.add(new Child(c.path("pid").asLong(), c.path("slot").asInt(), c.path("state").asText(),
                        c.path("uptimeMs").asLong()));
            }
        } catch (IOException e) {
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /** Polls {@code /pool} every {@code pollMs} until the children satisfy the condition. */
    List<Child> await(Predicate<List<Child>> condition, Duration timeout, long pollMs) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) throw new IllegalStateException("the supervisor exited with " + process.exitValue() + "; see " + log);
            List<Child> cs = children();
            if (condition.test(cs)) return cs;
            Thread.sleep(pollMs);
        }
        throw new IllegalStateException("the supervisor's children did not reach the expected state within " + timeout
                + " (last: " + children() + "); see " + log);
    }

    List<Child> await(Predicate<List<Child>> condition, Duration timeout) throws InterruptedException {
        return await(condition, timeout, 50);
    }

    /**
     * SIGKILLs the child in {@code slot} once it has been up long enough for the supervisor to restart
     * it without backoff; returns the milliseconds from the kill until {@code /pool} lists its replacement as consuming.
     */
    double killAndAwaitReplacement(int slot) throws InterruptedException {
        List<Child> cs = await(l -> l.stream().anyMatch(c -> c.slot() == slot && c.consuming() && c.uptimeMs() > 5500),
                Duration.ofSeconds(30));
        long victim = cs.stream().filter(c -> c.slot() == slot).findFirst().orElseThrow().pid();
        ProcessHandle h = ProcessHandle.of(victim).orElseThrow();
        long t0 = System.nanoTime();
        h.destroyForcibly();
        await(l -> l.stream().anyMatch(c -> c.slot() == slot && c.pid() != victim && c.consuming()), Duration.ofSeconds(30), 2);
        return (System.nanoTime() - t0) / 1e6;
    }

    /** SIGTERM (drain), then SIGKILL for whatever is left. */
    @Override public void close() { Procs.stop(process, 15_000); }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
