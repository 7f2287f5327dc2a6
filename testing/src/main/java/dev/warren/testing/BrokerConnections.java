package dev.warren.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes one named client connection from the broker's side, as a broker operator (or a broker-side fault) would:
 * {@code rabbitmqctl close_connection} on the local RabbitMQ under test ({@code close_all_connections} would also cut
 * other tests sharing the broker).
 */
public final class BrokerConnections {
    private BrokerConnections() {}

    /** True when {@code rabbitmqctl} reaches the local broker (the broker under test is a local RabbitMQ). */
    public static boolean available() {
        try {
            return run("rabbitmqctl", "-q", "status").exitCode == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Waits up to {@code timeout} for the connection named exactly {@code name} (its {@code connection_name} client
     * property) and closes it.
     *
     * @throws AssertionError when no such connection appears in time or rabbitmqctl fails
     */
    public static void close(String name, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        String pid;
        while ((pid = findPid(name)) == null) {
            if (System.nanoTime() > end) throw new AssertionError("no broker connection named " + name);
            Thread.sleep(50);
        }
        Result r = run("rabbitmqctl", "-q", "close_connection", pid, "test: broker fault");
        if (r.exitCode != 0) throw new AssertionError("rabbitmqctl close_connection failed: " + r.output);
    }

    private static String findPid(String name) throws IOException {
        String quoted = "{\"connection_name\",\"" + name + "\"}";
        for (String line : run("rabbitmqctl", "-q", "list_connections", "pid", "client_properties").output.split("\n")) {
            if (line.contains(quoted)) return line.split("\t", 2)[0].trim();
        }
        return null;
    }

    private record Result(int exitCode, String output) {}

    private static Result run(String... cmd) throws IOException {
        Path out = Files.createTempFile("rabbitmqctl", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
