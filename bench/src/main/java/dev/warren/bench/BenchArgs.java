package dev.warren.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line of {@link Bench}.
 *
 * @param runs            repeated runs per scenario (each run measures warren, then raw, alternating which goes first)
 * @param scale           sizes
 * @param only            the scenario groups to run (all when empty)
 * @param broker          broker URI (credentials included; printed masked only)
 * @param report          a Markdown file to write the table to, or null
 * @param workerJar       the shaded worker jar (supervisor and children)
 * @param childJvmOptions JVM options of warren's children and of the raw consumers alike
 * @param keepLogs        keep the work directory (supervisor and raw consumer logs) after a successful run
 */
record BenchArgs(int runs, Scale scale, Set<String> only, String broker, Path report, Path workerJar,
                 String childJvmOptions, boolean keepLogs) {
    static final List<String> GROUPS = List.of("pipelined", "sequential", "map", "cpu", "payload", "restart", "memory", "heap");
    /** Tuned for an idle child at or under 64 MiB RSS without hurting the throughput scenarios (docs/benchmarks.md). */
    static final String DEFAULT_CHILD_JVM_OPTIONS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k -Xms8m -Xmx64m "
            + "-XX:MaxMetaspaceSize=48m -XX:ReservedCodeCacheSize=16m -XX:CICompilerCount=1 -XX:MaxRAM=1g -Xshare:auto";
    static final String USAGE = """
            usage: java -jar bench/target/warren-bench.jar [--runs N] [--scale full|small|smoke]
                   [--only pipelined,sequential,map,cpu,payload,restart,memory,heap] [--broker URI] [--report FILE]
                   [--worker-jar PATH] [--child-jvm-options "OPTS"] [--keep-logs]
              --runs N       repeated runs per scenario, warren and raw interleaved (default 3)
              --scale S      full = the issue's sizes (default), small = a quick look, smoke = does it run
              --broker URI   default: WARREN_BROKER_URI, else amqp://guest:guest@127.0.0.1:5672
              --worker-jar   default: WARREN_WORKER_JAR, else worker/target/warren-worker.jar next to this jar's module
            """;

    boolean wants(String group) { return only.isEmpty() || only.contains(group); }

    static BenchArgs parse(String[] args) {
        int runs = 3;
        String scale = "full";
        Set<String> only = new LinkedHashSet<>();
        String broker = System.getenv().getOrDefault("WARREN_BROKER_URI", "amqp://guest:guest@127.0.0.1:5672");
        Path report = null;
        String jar = System.getenv("WARREN_WORKER_JAR");
        String jvm = DEFAULT_CHILD_JVM_OPTIONS;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) throw new IllegalArgumentException("");
            if (a.equals("--keep-logs")) {
                keep = true;
                continue;
            }
            if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
            String v = args[++i];
            switch (a) {
                case "--runs" -> runs = Integer.parseInt(v);
                case "--scale" -> scale = v;
                case "--only" -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(only::add);
                case "--broker" -> broker = v;
                case "--report" -> report = Path.of(v);
                case "--worker-jar" -> jar = v;
                case "--child-jvm-options" -> jvm = v;
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (runs < 1) throw new IllegalArgumentException("--runs must be at least 1");
        for (String g : only) if (!GROUPS.contains(g)) throw new IllegalArgumentException("unknown scenario " + g + "; known: " + GROUPS);
        Path worker = jar != null ? Path.of(jar) : defaultWorkerJar();
        if (!Files.isRegularFile(worker)) {
            throw new IllegalArgumentException("worker jar not found: " + worker + " (build it: mvn -pl worker package, or pass --worker-jar)");
        }
        return new BenchArgs(runs, Scale.of(scale), only, broker, report, worker.toAbsolutePath().normalize(), jvm, keep);
    }

    /** {@code <root>/worker/target/warren-worker.jar}, where this class lives in {@code <root>/bench/target/...}. */
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
