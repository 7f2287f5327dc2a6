package dev.warren.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The settings of one {@link Bench} run. Immutable; build with {@link #builder()}, which validates.
 * The command line that fills it is {@code warren bench} (the cli module); the scenarios read it
 * through the package-private accessors.
 */
public final class BenchArgs {
    /** Repeated runs per scenario by default. */
    public static final int DEFAULT_RUNS = 3;
    /** The sizes by default: the issue's. */
    public static final String DEFAULT_SCALE = "full";
    /** The sizes there are: {@code full} = the issue's, {@code small} = a quick look, {@code smoke} = does it run. */
    public static final List<String> SCALES = List.of("full", "small", "smoke");
    /** The scenario groups, in the order they run. */
    public static final List<String> GROUPS = List.of("pipelined", "sequential", "map", "defaults", "cpu", "payload", "restart",
            "memory", "heap");
    /** The broker when neither the builder nor {@code WARREN_BROKER_URI} names one. */
    public static final String DEFAULT_BROKER = "amqp://guest:guest@127.0.0.1:5672";
    /**
     * Tuned for an idle child at or under 64 MiB RSS without hurting the throughput scenarios (docs/benchmarks.md);
     * {@code TrimNativeHeapInterval} needs a JDK 17.0.9+, 21.0.1+ or 22+.
     */
    public static final String DEFAULT_CHILD_JVM_OPTIONS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k -Xms8m -Xmx64m "
            + "-XX:MaxMetaspaceSize=48m -XX:ReservedCodeCacheSize=16m -XX:CICompilerCount=1 -XX:MaxRAM=1g -Xshare:auto "
            + "-XX:TrimNativeHeapInterval=1000";

    private final int runs;
    private final Scale scale;
    private final Set<String> only;
    private final String broker;
    private final Path report;
    private final Path workerJar;
    private final String childJvmOptions;
    private final boolean keepLogs;
    private final boolean rawHeaders;

    private BenchArgs(Builder b, Scale scale, Path workerJar) {
        this.runs = b.runs;
        this.scale = scale;
        this.only = Set.copyOf(b.only);
        this.broker = b.broker != null ? b.broker : b.env.getOrDefault("WARREN_BROKER_URI", DEFAULT_BROKER);
        this.report = b.report;
        this.workerJar = workerJar;
        this.childJvmOptions = b.childJvmOptions;
        this.keepLogs = b.keepLogs;
        this.rawHeaders = b.rawHeaders;
    }

    public static Builder builder() { return new Builder(); }

    /** Repeated runs per scenario (each run measures warren, then raw, alternating which goes first). */
    int runs() { return runs; }
    Scale scale() { return scale; }
    /** The scenario groups to run (all when empty). */
    Set<String> only() { return only; }
    /** Broker URI (credentials included; printed masked only). */
    String broker() { return broker; }
    /** A Markdown file to write the table to, or null. */
    Path report() { return report; }
    /** The shaded worker jar (supervisor and children). */
    Path workerJar() { return workerJar; }
    /** JVM options of warren's children and of the raw consumers alike. */
    String childJvmOptions() { return childJvmOptions; }
    /** Keep the work directory (supervisor and raw consumer logs) after a successful run. */
    boolean keepLogs() { return keepLogs; }

    /** Whether the raw baseline carries warren's headers ({@link RawHeaders}). */
    boolean rawHeaders() { return rawHeaders; }

    boolean wants(String group) { return only.isEmpty() || only.contains(group); }

    /** Not thread-safe; {@link #build()} validates and fills the defaults. */
    public static final class Builder {
        private int runs = DEFAULT_RUNS;
        private String scale = DEFAULT_SCALE;
        private final Set<String> only = new LinkedHashSet<>();
        private String broker;
        private Path report;
        private Path workerJar;
        private String childJvmOptions = DEFAULT_CHILD_JVM_OPTIONS;
        private boolean keepLogs;
        private boolean rawHeaders;
        private Map<String, String> env = System.getenv();

        private Builder() {}

        public Builder runs(int runs) { this.runs = runs; return this; }
        /** One of {@link #SCALES}. */
        public Builder scale(String scale) { this.scale = Objects.requireNonNull(scale, "scale"); return this; }
        /** Only these scenario groups (of {@link #GROUPS}); none = all. */
        public Builder only(Collection<String> groups) {
            for (String g : groups) if (!g.isBlank()) only.add(g.trim());
            return this;
        }
        /** The broker URI; null = {@code WARREN_BROKER_URI}, else {@value #DEFAULT_BROKER}. */
        public Builder broker(String uri) { this.broker = uri; return this; }
        /** A Markdown file to write the table to; null = none. */
        public Builder report(Path file) { this.report = file; return this; }
        /** The worker jar; null = {@code WARREN_WORKER_JAR}, else {@code worker/target/warren-worker.jar} of this checkout. */
        public Builder workerJar(Path jar) { this.workerJar = jar; return this; }
        public Builder childJvmOptions(String options) { this.childJvmOptions = Objects.requireNonNull(options, "options"); return this; }
        public Builder keepLogs(boolean keep) { this.keepLogs = keep; return this; }
        /** The raw baseline carries the headers warren's messages carry (a diagnostic of their cost). */
        public Builder rawHeaders(boolean headers) { this.rawHeaders = headers; return this; }
        /** Where {@code WARREN_BROKER_URI} and {@code WARREN_WORKER_JAR} are read from (default {@code System.getenv()}). */
        public Builder environment(Map<String, String> env) { this.env = Objects.requireNonNull(env, "env"); return this; }

        /** @throws IllegalArgumentException naming the setting when a value is out of range or the worker jar is missing */
        public BenchArgs build() {
            if (runs < 1) throw new IllegalArgumentException("--runs must be at least 1: " + runs);
            for (String g : only) {
                if (!GROUPS.contains(g)) throw new IllegalArgumentException("unknown scenario " + g + "; known: " + GROUPS);
            }
            Scale s = Scale.of(scale);
            String named = env.get("WARREN_WORKER_JAR");
            Path worker = workerJar != null ? workerJar
                    : named != null && !named.isBlank() ? Path.of(named) : defaultWorkerJar();
            if (!Files.isRegularFile(worker)) {
                throw new IllegalArgumentException("worker jar not found: " + worker
                        + " (build it: mvn -pl worker package, or pass --worker-jar)");
            }
            return new BenchArgs(this, s, worker.toAbsolutePath().normalize());
        }
    }

    /**
     * {@code <root>/worker/target/warren-worker.jar}, where this class lives in {@code <root>/<module>/target/...}
     * (the CLI's {@code cli/target/warren.jar}, or bench's classes in a build).
     */
    static Path defaultWorkerJar() {
        try {
            Path here = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            for (Path p = here; p != null; p = p.getParent()) {
                if (p.getFileName() != null && p.getFileName().toString().equals("target") && p.getParent() != null
                        && p.getParent().getParent() != null) {
                    return p.getParent().getParent().resolve("worker/target/warren-worker.jar");
                }
            }
        } catch (Exception e) {
            // fall through
        }
        return Path.of("worker/target/warren-worker.jar");
    }
}
