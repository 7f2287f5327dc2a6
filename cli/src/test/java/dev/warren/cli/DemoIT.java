package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar cli/target/warren.jar demo --quick} as a new user runs it: no
 * {@code WARREN_BROKER_URI} (so the demo starts its embedded broker), the supervisor from the worker module's
 * freshly built {@code worker/target/warren-worker.jar}, run as real processes end to end.
 */
class DemoIT {
    private static final int QUICK_IMAGES = 4;
    private static final Pattern QUEUE = Pattern.compile("queue (warren\\.demo\\.\\d+),");

    @Test
    void demoRunsEveryTutorialOnTheEmbeddedBrokerExitsZeroAndLeavesNoProcessBehind(@TempDir Path dir) throws Exception {
        Path module = Path.of("").toAbsolutePath();
        Path warrenJar = module.resolve("target/warren.jar");
        Path builtWorkerJar = module.resolve("../worker/target/warren-worker.jar").normalize();
        assertThat(warrenJar).as("this module's package phase builds it").isRegularFile();
        assertThat(builtWorkerJar).as("the worker module is built before this one (mvn -pl cli -am verify)").isRegularFile();
        // a path of this test's own, so only processes this test started carry it on their command line
        Path workerJar = Files.copy(builtWorkerJar, dir.resolve("warren-worker-" + UUID.randomUUID() + ".jar"),
                StandardCopyOption.REPLACE_EXISTING);
        Path output = dir.resolve("demo-output");
        Path stdout = dir.resolve("demo.out");
        Path stderr = dir.resolve("demo.err");

        Instant began = Instant.now();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", warrenJar.toString(), "demo", "--quick", "--output", output.toString())
                .directory(dir.toFile()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("WARREN_") || k.equals("RABBITMQ_URI"));
        pb.environment().put("WARREN_WORKER_JAR", workerJar.toString());
        Process demo = pb.start();
        Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleAtFixedRate(() -> demo.descendants().forEach(seen::add), 0, 100, TimeUnit.MILLISECONDS);
        boolean exited;
        try {
            exited = demo.waitFor(5, TimeUnit.MINUTES);
        } finally {
            watcher.shutdownNow();
            if (demo.isAlive()) {
                demo.descendants().forEach(ProcessHandle::destroyForcibly);
                demo.destroyForcibly();
            }
        }
        try {
            assertDemoRan(demo, exited, began, workerJar, output, stdout, stderr, seen);
        } finally {
            seen.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly); // none when the demo cleaned up
        }
    }

    private static void assertDemoRan(Process demo, boolean exited, Instant began, Path workerJar, Path output, Path stdout,
                                      Path stderr, Set<ProcessHandle> seen) throws Exception {
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        String both = "stdout:\n" + out + "\nstderr:\n" + err;
        assertThat(exited).as("the demo ended within 5 minutes\n" + both).isTrue();
        assertThat(demo.exitValue()).as(both).isZero();

        // it said which broker, started a pool and showed the tutorials' results
        assertThat(out).as(both).contains("broker: embedded Apache Qpid Broker-J");
        assertThat(out).contains("cube(2) = 8 ", "cube(3) = 27 ", "cube(4) = 64 ", "cube(5) = 125 ", "cube(6) = 216 ",
                "map(cube, 2..6) = [8, 27, 64, 125, 216]", "done() = false", "done() = true");
        assertThat(out).containsPattern("countdown\\(8,000,000\\): \\d+ ms of compute in child-\\d+ pid \\d+")
                .containsPattern("1 child +\\d+ ms +\\d+ ms")
                .containsPattern("\\d+ children +\\d+ ms +\\d+ ms")
                .containsPattern("\\d+ threads, this JVM +\\d+ ms +\\d+ ms");

        // the blurred images are real PNGs of the served size, each named with the child that blurred it
        List<Path> blurred;
        try (Stream<Path> files = Files.list(output)) {
            blurred = files.filter(p -> p.getFileName().toString().matches("blurred-.*\\.png")).sorted().toList();
        }
        assertThat(blurred).hasSize(QUICK_IMAGES);
        for (Path png : blurred) {
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(img).as(png + " is an image ImageIO reads").isNotNull();
            assertThat(img.getWidth()).isEqualTo(320);
            assertThat(img.getHeight()).isEqualTo(240);
            assertThat(out).containsPattern(Pattern.quote(png.getFileName().toString()) + " +320x240, blurred by child-\\d+ pid \\d+");
        }
        assertThat(out).contains("wrote them to " + output.toAbsolutePath());

        // the missing host failed its own task, the local URLs were fetched
        assertThat(out).containsPattern("FAILED +http://no-such-host\\.invalid/ +fetch failed in child-\\d+ pid \\d+.*"
                + "(UnresolvedAddress|UnknownHost)");
        assertThat(Pattern.compile("ok +http://127\\.0\\.0\\.1:\\d+/\\S* +status 200, [\\d,]+ bytes").matcher(out).results().count())
                .isEqualTo(4);

        // the summary, and a clean stop
        assertThat(out).contains("== summary", "fetch URLs", "4 ok, 1 failed", "drained, exited 0, nothing left running");
        Matcher queue = QUEUE.matcher(out);
        assertThat(queue.find()).as("the demo names its queue").isTrue();
        String queueName = queue.group(1);
        assertThat(seen).as("the demo started a supervisor with children").hasSizeGreaterThanOrEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(seen.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)).as("processes the demo started").isEmpty();
            assertThat(ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().startInstant().map(s -> !s.isBefore(began.minusSeconds(1))).orElse(false))
                    .filter(p -> p.info().commandLine().map(c -> c.contains(workerJar.toString()) || c.contains(queueName))
                            .orElse(false))
                    .map(p -> p.pid() + " " + p.info().commandLine().orElse("")))
                    .as("java processes carrying the demo's worker jar or queue name").isEmpty();
        });
    }
}
