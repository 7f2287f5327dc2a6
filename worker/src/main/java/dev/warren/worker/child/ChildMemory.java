package dev.warren.worker.child;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The child's resident memory, as the kernel counts it (what a container's memory limit sees). */
final class ChildMemory {
    private ChildMemory() {}

    /** Resident set size in MiB from /proc/self/status; the JVM's used memory where /proc is absent. */
    static long residentMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) / (1024 * 1024);
    }
}
