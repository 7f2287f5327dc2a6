package dev.warren.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every process the bench starts, so that a normal end, a failure and Ctrl-C (the shutdown hook)
 * all kill them, children of the supervisor included.
 */
final class Procs {
    private static final List<Process> started = new ArrayList<>();

    private Procs() {}

    static Process start(ProcessBuilder pb) throws IOException {
        synchronized (started) {
            Process p = pb.start();
            started.add(p);
            return p;
        }
    }

    /** SIGKILLs a process and everything below it. */
    static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERMs, waits, then SIGKILLs what is left of the tree. */
    static void stop(Process p, long graceMs) {
        List<ProcessHandle> below = p.descendants().toList();
        p.destroy();
        try {
            p.waitFor(graceMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        below.forEach(ProcessHandle::destroyForcibly);
        if (p.isAlive()) killTree(p);
    }

    static void killAll() {
        List<Process> all;
        synchronized (started) {
            all = new ArrayList<>(started);
        }
        for (Process p : all) if (p.isAlive() || p.descendants().findAny().isPresent()) killTree(p);
    }

    /** Resident set size of a process in MiB (VmRSS of /proc/PID/status); NaN when unreadable. */
    static double rssMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** CPU time (user + system) a process has used so far, in milliseconds; 0 when unreadable. */
    static double cpuMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000.0 / TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * CPU ms of a JVM without its JIT compiler threads ({@code C1/C2 CompilerThre...} in /proc/PID/task/TID/comm):
     * the producer's cost per task, not what the JIT spends on whichever side happens to run first.
     */
    static double cpuMsWithoutJit(long pid) {
        double total = cpuMs(pid);
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    if (!Files.readString(t.resolve("comm")).contains("CompilerThre")) continue;
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    total -= (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000.0 / TICKS;
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return total;
    }

    /** Clock ticks per second of /proc/PID/stat (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100;

    /** The java launcher of this JVM. */
    static String java() { return Path.of(System.getProperty("java.home"), "bin", "java").toString(); }
}
