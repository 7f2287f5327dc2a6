package dev.warren.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a {@link WorkerProcess}: from {@link WorkerProcess#builder(String)} or {@link WorkerProcess#builder()}.
 * Defaults: this JVM's class path and {@value #DEFAULT_MAIN_CLASS}, JVM options {@code -XX:TieredStopAtLevel=1
 * -XX:+UseSerialGC}, {@code WARREN_CHILDREN=2}, a free loopback HTTP port, a temporary output file, a 90 s readiness
 * wait, and a JVM shutdown hook that kills the supervisor's tree should this JVM exit first. Not thread-safe.
 */
public final class WorkerProcessBuilder {
    /** The supervisor's main class in warren-worker. */
    public static final String DEFAULT_MAIN_CLASS = "dev.warren.worker.supervisor.Main";
    /** How long {@link #start()} waits for readiness unless told otherwise. */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(90);

    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    private final List<String> args = new ArrayList<>();
    private String mainClass = DEFAULT_MAIN_CLASS;
    private String classPath = System.getProperty("java.class.path");
    private Path jar;
    private boolean inheritEnvironment;
    private int httpPort;
    private Path output;
    private Duration readyTimeout = DEFAULT_READY_TIMEOUT;
    private boolean killOnJvmExit = true;

    WorkerProcessBuilder() {
        env.put("WARREN_CHILDREN", "2");
    }

    /** {@code WARREN_QUEUE}: the task queue (default: warren's default queue). */
    public WorkerProcessBuilder queue(String queue) { return env("WARREN_QUEUE", queue); }

    /** {@code WARREN_CHILDREN}: child JVMs to keep (default 2). */
    public WorkerProcessBuilder children(int n) { return env("WARREN_CHILDREN", Integer.toString(n)); }

    /** Any other variable, e.g. {@code WARREN_MAX_ATTEMPTS} (docs/operations.md lists them). */
    public WorkerProcessBuilder env(String name, String value) {
        env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Every variable of the map, as {@link #env(String, String)}. */
    public WorkerProcessBuilder env(Map<String, String> variables) {
        variables.forEach(this::env);
        return this;
    }

    /**
     * Keeps the {@code WARREN_*} variables this JVM inherited (default: they are removed); those set here win, and
     * {@code WARREN_HTTP_PORT} is always the builder's.
     */
    public WorkerProcessBuilder inheritEnvironment() { this.inheritEnvironment = true; return this; }

    /** An extra option for the supervisor's JVM (children take {@code WARREN_CHILD_JVM_OPTIONS}). */
    public WorkerProcessBuilder jvmOption(String option) { jvmOptions.add(Objects.requireNonNull(option, "option")); return this; }

    /** Arguments for the supervisor's main ({@code --embedded-broker}). */
    public WorkerProcessBuilder args(String... arguments) { args.addAll(List.of(arguments)); return this; }

    /** The supervisor's main class (default {@value #DEFAULT_MAIN_CLASS}); with {@link #classPath}. */
    public WorkerProcessBuilder mainClass(String name) { this.mainClass = Objects.requireNonNull(name, "name"); return this; }

    /** The class path of supervisor and children (default: this JVM's {@code java.class.path}). */
    public WorkerProcessBuilder classPath(String cp) { this.classPath = Objects.requireNonNull(cp, "cp"); return this; }

    /** Runs {@code java -jar jar} (the built {@code warren-worker.jar}) instead of a class path and main class. */
    public WorkerProcessBuilder jar(Path jar) { this.jar = Objects.requireNonNull(jar, "jar"); return this; }

    /** The HTTP port ({@code WARREN_HTTP_PORT}); default: a free loopback port. */
    public WorkerProcessBuilder httpPort(int port) { this.httpPort = port; return this; }

    /** Appends the output to this file, which the caller owns (it is kept); default: a temporary file. */
    public WorkerProcessBuilder output(Path file) { this.output = Objects.requireNonNull(file, "file"); return this; }

    /** How long {@link #start()} waits for readiness (default 90 s). */
    public WorkerProcessBuilder readyTimeout(Duration d) { this.readyTimeout = Objects.requireNonNull(d, "d"); return this; }

    /** Whether a shutdown hook kills the supervisor's tree if this JVM exits before {@link WorkerProcess#close()}. */
    public WorkerProcessBuilder killOnJvmExit(boolean kill) { this.killOnJvmExit = kill; return this; }

    /**
     * Starts the supervisor and waits until it is ready.
     *
     * @throws IllegalStateException if it cannot be started, exits, or is not ready in time (the process is
     *                               killed then; the message holds its output)
     */
    public WorkerProcess start() {
        WorkerProcess w = launch();
        try {
            w.awaitReady(readyTimeout);
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
        return w;
    }

    /**
     * Starts the supervisor and returns at once (to watch it while it connects, or fails).
     *
     * @throws IllegalStateException if the process cannot be started
     */
    public WorkerProcess launch() {
        int port = httpPort > 0 ? httpPort : freePort();
        boolean owned = output == null;
        try {
            Path log = owned ? Files.createTempFile("warren-worker-", ".log") : output;
            ProcessBuilder pb = new ProcessBuilder(command()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            if (!inheritEnvironment) pb.environment().keySet().removeIf(k -> k.startsWith("WARREN_"));
            pb.environment().putAll(env);
            pb.environment().put("WARREN_HTTP_PORT", Integer.toString(port));
            return new WorkerProcess(pb.start(), port, log, owned, killOnJvmExit);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + (jar != null ? jar : mainClass) + ": " + e, e);
        }
    }

    private List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        if (jar != null) cmd.addAll(List.of("-jar", jar.toString()));
        else cmd.addAll(List.of("-cp", classPath, mainClass));
        cmd.addAll(args);
        return cmd;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free TCP port for the supervisor: " + e, e);
        }
    }
}
