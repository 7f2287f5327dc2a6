package dev.warren.cli.demo;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the supervisor's jar: {@code WARREN_WORKER_JAR}; else, next to a source checkout's
 * {@code cli/target/warren.jar}, {@code worker/target/warren-worker.jar}; else the container's
 * {@code /app/warren-worker.jar}.
 */
final class WorkerJar {
    static final String ENV = "WARREN_WORKER_JAR";
    static final Path CONTAINER_JAR = Path.of("/app/warren-worker.jar");

    private WorkerJar() {}

    static Path find(Map<String, String> env) {
        String named = env.get(ENV);
        if (named != null && !named.isBlank()) {
            Path p = Path.of(named).toAbsolutePath().normalize();
            if (Files.isRegularFile(p)) return p;
            throw new DemoException(ENV + " names " + p + ", which is not a file. Build it with `mvn -q -DskipTests package` "
                    + "in the source checkout (it is worker/target/warren-worker.jar), or unset " + ENV + ".");
        }
        List<Path> tried = new ArrayList<>();
        Path running = runningJar();
        if (running != null && running.getParent() != null) {
            tried.add(running.getParent().resolve("../../worker/target/warren-worker.jar").normalize());
        }
        tried.add(CONTAINER_JAR);
        for (Path p : tried) {
            if (Files.isRegularFile(p)) return p;
        }
        throw new DemoException("cannot find the worker jar (the supervisor); looked at " + tried + ". Build it with "
                + "`mvn -q -DskipTests package` in the source checkout (or run `./warren demo`, which builds it), "
                + "or set " + ENV + " to its path.");
    }

    /** The jar this class was loaded from, or null when it runs from a classes directory. */
    private static Path runningJar() {
        try {
            var source = WorkerJar.class.getProtectionDomain().getCodeSource();
            if (source == null) return null;
            Path p = Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
            return Files.isRegularFile(p) ? p : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
