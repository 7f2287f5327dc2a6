package dev.warren.bench;

import java.nio.file.Path;

/**
 * What every scenario needs.
 *
 * @param args    the command line
 * @param admin   the bench's broker connection (owns the queues to delete)
 * @param workDir logs and the CDS archive
 * @param cds     the children's AppCDS archive, or null when it could not be made
 * @param report  the rows
 * @param runId   makes queue names unique
 */
record Ctx(BenchArgs args, Admin admin, Path workDir, Path cds, Report report, String runId) {
    Scale scale() { return args.scale(); }

    String queue(String label) { return "warren.bench." + runId + "." + label; }

    static void progress(String msg) {
        System.err.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + msg);
    }
}
