package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real command ({@code java -jar target/warren.jar bench}) with tiny sizes against the test
 * broker: it must start its supervisor and raw consumers, print a row with numbers for every
 * scenario it ran, write the Markdown report, and leave no process behind. No timing assertions.
 */
class BenchSmokeIT {
    private static final Path JAR = Path.of("target/warren.jar");
    private static final Path WORKER = Path.of("../worker/target/warren-worker.jar");
    private static final List<String> ROWS = List.of("map.classic", "map.quorum", "payload.1KiB", "payload.256KiB",
            "heap.futures");
    private static final Pattern NUMBER = Pattern.compile("[0-9][0-9,]*(\\.[0-9]+)?");

    private static String java() { return Path.of(System.getProperty("java.home"), "bin", "java").toString(); }

    @Test
    void smokeScalePrintsEveryScenarioRowWithWarrenAndRawNumbersAndCleansUp(@TempDir Path dir) throws Exception {
        assertThat(JAR).as("the shaded CLI jar (built by package)").isRegularFile();
        assertThat(WORKER).as("the worker jar: build it with mvn -pl worker package").isRegularFile();
        Path out = dir.resolve("out.txt");
        Path md = dir.resolve("report.md");
        Process p = new ProcessBuilder(java(), "-jar", JAR.toString(), "bench", "--scale", "smoke", "--runs", "1",
                "--only", "map,payload,heap", "--broker", TestBroker.get().uri(), "--worker-jar", WORKER.toString(),
                "--report", md.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        java.util.Set<ProcessHandle> seen = new java.util.HashSet<>(); // every process the bench started
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (p.isAlive() && System.nanoTime() < end) {
            p.descendants().forEach(seen::add);
            p.waitFor(200, TimeUnit.MILLISECONDS);
        }
        boolean ended = !p.isAlive();
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(ended).as("the bench ends; output:%n%s", text).isTrue();
        assertThat(p.exitValue()).as("exit status; output:%n%s", text).isZero();
        for (String row : ROWS) {
            String line = text.lines().filter(l -> l.startsWith(row + " ")).findFirst().orElse(null);
            assertThat(line).as("row %s in:%n%s", row, text).isNotNull();
            String[] cols = line.substring(row.length()).trim().split("\\s+");
            // unit, warren median [min-max], raw median [min-max], ratio
            assertThat(cols[1]).as("warren median of %s", row).matches(NUMBER);
            assertThat(cols[3]).as("raw median of %s", row).matches(NUMBER);
            if (Double.parseDouble(cols[3].replace(",", "")) == 0) {
                assertThat(cols[5]).as("ratio of %s with a raw 0", row).isEqualTo("n/a");
            } else {
                assertThat(cols[5]).as("ratio of %s", row).matches(NUMBER);
            }
        }
        assertThat(Files.readString(md)).contains("| map.quorum |", "| heap.futures |");
        assertThat(seen).as("the supervisor, its children and the raw consumers were started").hasSizeGreaterThanOrEqualTo(4);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(seen.stream().filter(ProcessHandle::isAlive)).as("processes left running").isEmpty());
    }
}
