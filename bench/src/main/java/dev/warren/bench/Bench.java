package dev.warren.bench;

import dev.warren.common.BrokerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code warren bench [--runs N] [--scale full|small|smoke] [--only ...] [--broker URI] [--report FILE]}
 * (the command line is the cli module's): warren against a raw amqp-client baseline, on the same
 * broker, in the same run. It starts what it needs (a supervisor per configuration, raw consumer
 * JVMs on this JVM's class path), uses unique queues and deletes them, and kills every process it
 * started — also on Ctrl-C. Prints one row per scenario: warren's median [min-max] over the runs,
 * the raw baseline's, their ratio and the target. Progress goes to stderr, the table to stdout.
 * See docs/benchmarks.md.
 */
public final class Bench {
    private Bench() {}

    /**
     * Runs the benchmarks; blocks until they end. Not reentrant: one run per JVM at a time.
     *
     * @return 0 when every scenario ran, 1 when the broker could not be reached or a scenario failed
     * @throws IOException when the work directory or the report cannot be written
     */
    public static int run(BenchArgs args) throws IOException {
        Path work = Files.createTempDirectory("warren-bench-");
        Admin admin;
        try {
            admin = new Admin(args.broker());
        } catch (Exception e) {
            System.err.println("warren bench: cannot connect to " + BrokerSettings.mask(args.broker()) + ": " + e);
            return 1;
        }
        Thread hook = new Thread(() -> {
            Procs.killAll();
            admin.deleteAll();
        }, "warren-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        Report report = new Report();
        String header = header(args, admin);
        System.out.println(header);
        long t0 = System.nanoTime();
        boolean ok = false;
        try {
            Ctx.progress("work directory (logs): " + work);
            Path cds = Cds.create(args, work);
            Ctx.progress(cds != null ? "AppCDS archive for children: " + cds : "could not make an AppCDS archive");
            String runId = Long.toHexString(System.nanoTime() & 0xFFFFFFL);
            new Plan(new Ctx(args, admin, work, cds, report, runId)).run();
            ok = true;
        } catch (Exception e) {
            System.err.println("warren bench: failed: " + e);
            e.printStackTrace();
        } finally {
            Procs.killAll();
            admin.deleteAll();
            admin.close();
        }
        System.out.println();
        report.print(System.out);
        System.out.printf("%ntotal time %.0f s%n", (System.nanoTime() - t0) / 1e9);
        if (args.report() != null) report.writeMarkdown(args.report(), "```\n" + header + "\n```");
        if (ok && !args.keepLogs()) deleteTree(work);
        else System.err.println("logs kept in " + work);
        return ok ? 0 : 1;
    }

    private static String header(BenchArgs args, Admin admin) {
        String cpu = "unknown";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.replaceFirst(".*:\\s*", "")).orElse(cpu);
        } catch (IOException e) {
            // not Linux
        }
        return "warren bench: scale " + args.scale().name() + ", " + args.runs() + " run(s), broker "
                + BrokerSettings.mask(args.broker()) + " (" + admin.brokerVersion() + ")\n"
                + "machine: " + Runtime.getRuntime().availableProcessors() + " cpus (" + cpu + "), "
                + "JDK " + System.getProperty("java.vm.version") + "\n"
                + "child and raw consumer JVM options: " + args.childJvmOptions() + "\n"
                + "worker jar: " + args.workerJar()
                + (args.rawHeaders() ? "\nraw baseline: with warren's task and reply headers (--raw-headers)" : "");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // leave it
        }
    }
}
