package dev.warren.worker.child;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.internal.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real child JVM ({@link ChildMain}) started by a test, with its pipes in hand. */
final class TestChild implements AutoCloseable {
    final Process process;
    private final Writer stdin;
    final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    final List<JsonNode> allEvents = new java.util.concurrent.CopyOnWriteArrayList<>();
    final StringBuffer stderr = new StringBuffer();

    private TestChild(Process p) {
        this.process = p;
        this.stdin = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        pump(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)), true);
        pump(new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8)), false);
    }

    static TestChild start(ChildConfig cfg) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ChildMain.class.getName()));
        TestChild c = new TestChild(new ProcessBuilder(cmd).start());
        c.send(Json.MAPPER.writeValueAsString(cfg));
        return c;
    }

    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    void closeStdin() throws IOException { stdin.close(); }

    /** The next event of this kind, skipping others (they stay in {@link #allEvents}). */
    JsonNode await(String ev, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            JsonNode n = events.poll(50, TimeUnit.MILLISECONDS);
            if (n != null && ev.equals(n.path("ev").asText())) return n;
            if (n == null && !process.isAlive() && events.isEmpty()) break;
        }
        throw new AssertionError("no '" + ev + "' event; events so far " + allEvents + "; stderr:\n" + stderr);
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child did not exit; stderr:\n" + stderr);
        }
        return process.exitValue();
    }

    private void pump(BufferedReader r, boolean isEvents) {
        Thread t = new Thread(() -> {
            try {
                for (String line; (line = r.readLine()) != null; ) {
                    if (isEvents) {
                        JsonNode n = Json.MAPPER.readTree(line);
                        allEvents.add(n);
                        events.add(n);
                    } else {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @Override public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
