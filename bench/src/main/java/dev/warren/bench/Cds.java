package dev.warren.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Builds the children's AppCDS archive the way the Dockerfile does: {@code ChildMain --cds-training} at exit. */
final class Cds {
    private Cds() {}

    /** Creates {@code dir/child.jsa} with the children's JVM options and class path; null if the JVM refused. */
    static Path create(BenchArgs args, Path dir) throws IOException, InterruptedException {
        Path archive = dir.resolve("child.jsa");
        List<String> cmd = new ArrayList<>();
        cmd.add(Procs.java());
        Arrays.stream(args.childJvmOptions().trim().split("\\s+"))
                .filter(s -> !s.isEmpty() && !s.startsWith("-XX:SharedArchiveFile")).forEach(cmd::add);
        cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-cp", args.workerJar().toString(),
                "dev.warren.worker.child.ChildMain", "--cds-training"));
        Process p = Procs.start(new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("cds.log").toFile())));
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            Procs.killTree(p);
            return null;
        }
        return p.exitValue() == 0 && Files.isRegularFile(archive) ? archive : null;
    }
}
