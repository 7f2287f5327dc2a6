package dev.warren.worker.supervisor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** A child's output pipes: one daemon thread reads its stdout events, one pumps its stderr into the log. */
final class ChildProcessIo {
    private static final Logger log = LoggerFactory.getLogger(ChildPool.class);
    /** The children's own log lines, re-logged with their identity in the MDC. */
    private static final Logger childLog = LoggerFactory.getLogger("dev.warren.worker.child");

    private ChildProcessIo() {}

    static Thread startThread(ChildProcess c, String kind, Runnable r) {
        Thread t = new Thread(() -> withChild(c, r), "warren-" + c.id + "-" + kind);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Runs {@code r} with the child's identity in the MDC, then restores the caller's. */
    static void withChild(ChildProcess c, Runnable r) {
        Map<String, String> saved = MDC.getCopyOfContextMap();
        MDC.put("child", c.id);
        MDC.put("pid", Long.toString(c.pid));
        MDC.remove("task");
        try {
            r.run();
        } finally {
            if (saved == null) MDC.clear();
            else MDC.setContextMap(saved);
        }
    }

    /** Reads events until the child closes its stdout (it exited). A line that is no event is logged. */
    static void readEvents(ChildProcess c, Consumer<ChildProcessEvent> onEvent) { readEvents(c, onEvent, s -> { }); }

    /** The same, with {@code stats} lines to {@code onStats}. */
    static void readEvents(ChildProcess c, Consumer<ChildProcessEvent> onEvent, Consumer<ChildTaskStats> onStats) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(c.process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(ChildTaskStats.PREFIX)) {
                    var stats = ChildTaskStats.parse(line);
                    if (stats.isPresent()) {
                        onStats.accept(stats.get());
                        continue;
                    }
                }
                var event = ChildProcessEvent.parse(line);
                if (event.isPresent()) onEvent.accept(event.get());
                else log.warn("not an event on stdout: {}", line);
            }
        } catch (IOException e) {
            log.debug("stdout of {} closed: {}", c, e.getMessage());
        }
    }

    /**
     * Logs each stderr line and keeps the tail, until the child closes its stderr. The lines are
     * marked, so that the JSON encoder passes a child's own JSON lines through ({@link ChildLogEncoder}).
     */
    static void pumpStderr(ChildProcess c) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(c.process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                c.stderrLine(line);
                childLog.info(ChildLogEncoder.CHILD_LINE, "{}", line);
            }
        } catch (IOException e) {
            log.debug("stderr of {} closed: {}", c, e.getMessage());
        }
    }
}
