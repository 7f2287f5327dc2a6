package dev.warren.worker.supervisor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in child JVM for pool tests: speaks the supervisor pipe protocol (docs/architecture.md) without
 * a broker. Reads the config line, reports {@code ready}, exits 0 on {@code drain} and 3 on EOF.
 * Test hooks (system properties holding a file path; the first child that deletes the file acts):
 * {@code fake.recycleTrigger} — send {@code recycle} (max-tasks); {@code fake.hangTrigger} — start task
 * {@code hung-task} and never finish it. {@code fake.exitCode} — exit with that code right after the config line,
 * after an {@code exiting} event with {@code fake.exitDetail} as its detail when that is set.
 * {@code fake.recycleOnReady} — comma-separated child ids that ask to be recycled (max-tasks) right after
 * {@code ready}. {@code fake.drainDelayMs} — how long a drained child takes to exit. {@code fake.slowReady} —
 * comma-separated child ids that take 3 s to report {@code ready}.
 */
public final class FakeChildMain {
    static final String HUNG_TASK = "hung-task";
    private static final Pattern CHILD_ID = Pattern.compile("\"childId\"\\s*:\\s*\"([^\"]+)\"");

    private FakeChildMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String config = in.readLine();
        if (config == null) System.exit(3);
        Matcher m = CHILD_ID.matcher(config);
        String id = m.find() ? m.group(1) : "?";
        long pid = ProcessHandle.current().pid();
        Integer exitCode = Integer.getInteger("fake.exitCode");
        if (exitCode != null) {
            System.err.println("fake " + id + " exits with " + exitCode + " as told");
            String detail = System.getProperty("fake.exitDetail");
            if (detail != null) out.println("{\"ev\":\"exiting\",\"reason\":\"fatal\",\"detail\":\"" + detail + "\"}");
            System.exit(exitCode);
        }
        if (List.of(System.getProperty("fake.slowReady", "").split(",")).contains(id)) Thread.sleep(3_000);
        System.err.println("fake " + id + " pid " + pid + " ready");
        out.println("{\"ev\":\"ready\",\"pid\":" + pid + "}");
        if (List.of(System.getProperty("fake.recycleOnReady", "").split(",")).contains(id)) {
            System.err.println("fake " + id + " asks to be recycled on ready");
            out.println("{\"ev\":\"recycle\",\"reason\":\"max-tasks\"}");
        }
        Thread hooks = new Thread(() -> watchTriggers(out, id), "fake-triggers");
        hooks.setDaemon(true);
        hooks.start();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("drain")) {
                System.err.println("fake " + id + " draining");
                Thread.sleep(Long.getLong("fake.drainDelayMs", 0));
                out.println("{\"ev\":\"exiting\",\"reason\":\"drained\"}");
                System.exit(0);
            }
        }
        out.println("{\"ev\":\"exiting\",\"reason\":\"supervisor-gone\"}");
        System.exit(3);
    }

    private static void watchTriggers(PrintStream out, String id) {
        String recycle = System.getProperty("fake.recycleTrigger");
        String hang = System.getProperty("fake.hangTrigger");
        boolean hung = false;
        while (true) {
            try {
                if (recycle != null && Files.deleteIfExists(Path.of(recycle))) {
                    System.err.println("fake " + id + " asks to be recycled");
                    out.println("{\"ev\":\"recycle\",\"reason\":\"max-tasks\"}");
                }
                if (!hung && hang != null && Files.deleteIfExists(Path.of(hang))) {
                    hung = true;
                    System.err.println("fake " + id + " starts a task that never ends");
                    out.println("{\"ev\":\"start\",\"id\":\"" + HUNG_TASK + "\",\"task\":\"sleep\",\"attempt\":1,\"t\":"
                            + System.currentTimeMillis() + "}");
                }
                Thread.sleep(20);
            } catch (IOException | InterruptedException e) {
                return;
            }
        }
    }
}
