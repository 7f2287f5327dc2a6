package dev.warren.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The raw baseline's consumer JVMs ({@link RawConsumer}), started by the bench itself. */
final class RawPool implements AutoCloseable {
    private final List<String> command;
    private final Path log;
    private final Process[] procs;

    private RawPool(List<String> command, Path log, int n) {
        this.command = command;
        this.log = log;
        this.procs = new Process[n];
    }

    static RawPool start(String uri, String queue, String queueType, int prefetch, int n, String jvmOptions, boolean headers,
                         Path log)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Procs.java());
        Arrays.stream(jvmOptions.trim().split("\\s+")).filter(s -> !s.isEmpty() && !s.startsWith("-XX:SharedArchiveFile"))
                .forEach(cmd::add);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RawConsumer.class.getName(), uri, queue,
                queueType, Integer.toString(prefetch), headers ? "headers" : "plain"));
        RawPool pool = new RawPool(cmd, log, n);
        List<CompletableFuture<Long>> ready = new ArrayList<>();
        for (int i = 0; i < n; i++) ready.add(pool.spawn(i));
        for (CompletableFuture<Long> r : ready) pool.await(r);
        return pool;
    }

    /** Starts consumer i; the future completes with its pid when it printed {@code ready}. */
    private CompletableFuture<Long> spawn(int i) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = Procs.start(pb);
        procs[i] = p;
        CompletableFuture<Long> ready = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("ready ")) ready.complete(Long.parseLong(line.substring(6).trim()));
                }
            } catch (IOException | RuntimeException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("raw consumer exited before ready; see " + log));
        }, "raw-consumer-out-" + i);
        t.setDaemon(true);
        t.start();
        return ready;
    }

    private long await(CompletableFuture<Long> r) throws IOException {
        try {
            return r.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("a raw consumer did not start: " + e.getMessage() + " (log " + log + ")", e);
        }
    }

    long[] pids() { return Arrays.stream(procs).mapToLong(Process::pid).toArray(); }

    /**
     * SIGKILLs consumer i and, as a supervisor would on its death, starts a new one; returns the
     * milliseconds from the kill to the replacement consuming.
     */
    double killAndReplace(int i) throws IOException, InterruptedException {
        Process old = procs[i];
        long t0 = System.nanoTime();
        old.destroyForcibly();
        old.waitFor();
        CompletableFuture<Long> ready = spawn(i);
        await(ready);
        return (System.nanoTime() - t0) / 1e6;
    }

    @Override public void close() {
        for (Process p : procs) if (p != null) Procs.killTree(p);
    }
}
