package dev.warren.worker.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real headless Chromium for tests (Debian's {@code chromium}: {@code apt-get install chromium}; {@code .ci/run}
 * installs it; {@code WARREN_CHROMIUM} names another binary). Each call is one browser process with a fresh
 * profile, no network but the page's own, and a time limit.
 */
final class Browser {
    static final String DEFAULT = "/usr/bin/chromium";
    private static final long TIMEOUT_S = 60;

    private final String binary;

    private Browser(String binary) { this.binary = binary; }

    /**
     * The browser. Without one the browser test is reported as not run (like the Docker-only chaos tests), so
     * {@code mvn verify} passes on a machine with only a JDK and Maven; with {@code WARREN_REQUIRE_BROWSER=true}
     * (set by {@code .ci/run}, which installs Chromium) a missing browser fails the test instead.
     */
    static Browser find() {
        String b = System.getenv().getOrDefault("WARREN_CHROMIUM", DEFAULT);
        if (!Files.isExecutable(Path.of(b))) {
            String why = "no Chromium at " + b + ": install Debian's chromium (apt-get install chromium) "
                    + "or set WARREN_CHROMIUM; .ci/run installs it";
            if ("true".equalsIgnoreCase(System.getenv("WARREN_REQUIRE_BROWSER"))) throw new AssertionError(why);
            org.junit.jupiter.api.Assumptions.abort(why);
        }
        return new Browser(b);
    }

    /** The page's DOM after its scripts ran (up to 5 s of page time). */
    String dumpDom(String url) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", url));
    }

    /** A PNG of the page, 1280 px wide. */
    void screenshot(String url, Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        run(List.of("--window-size=1280,1600", "--screenshot=" + png.toAbsolutePath(), url));
        if (!Files.isRegularFile(png)) throw new AssertionError("chromium wrote no screenshot to " + png);
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("warren-chromium-");
        Path out = Files.createTempFile("warren-chromium-", ".out");
        try {
            List<String> cmd = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=5000"));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish within " + TIMEOUT_S + " s");
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            try (Stream<Path> s = Files.walk(profile)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
