package dev.warren.worker.child;

import dev.warren.worker.Initializer;
import dev.warren.worker.TaskRegistry;
import dev.warren.common.ExitCode;
import dev.warren.common.internal.Json;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The child JVM's entry point (plain Java, no Micronaut). Started by the supervisor; reads its
 * {@link ChildConfig} from the first stdin line, then commands; writes events to stdout and
 * logs to stderr. See docs/architecture.md for the pipe protocol and exit codes.
 */
public final class ChildMain {

    private ChildMain() {}

    /**
     * Runs a child until it drains, then exits with its {@code ExitCode}.
     *
     * @param args {@code --cds-training} to exercise the child's classes without a broker and exit (for AppCDS)
     */
    public static void main(String[] args) throws Exception {
        // the event channel is the real stdout; anything a task prints goes to stderr instead
        PrintStream eventsOut = new PrintStream(new java.io.BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 8192),
                false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        System.setProperty("java.awt.headless", "true");
        if (Arrays.asList(args).contains("--cds-training")) {
            ChildTraining.run();
            System.exit(0);
        }
        ChildEvents events = events(eventsOut);
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String first = stdin.readLine();
        if (first == null) System.exit(ExitCode.SUPERVISOR_GONE.code());
        ChildConfig cfg;
        try {
            cfg = Json.MAPPER.readValue(first, ChildConfig.class);
        } catch (IOException | RuntimeException e) {
            // a value out of range: the record's own one-line message, not Jackson's wrapping of it
            String why = e.getCause() instanceof IllegalArgumentException bad ? "bad configuration line: " + bad.getMessage()
                    : "unreadable configuration line: " + e.getMessage();
            events.exiting("fatal", why);
            System.exit(ExitCode.FATAL_START.code());
            return;
        }
        MDC.put("child", cfg.childId());
        MDC.put("pid", Long.toString(ProcessHandle.current().pid()));
        Logger log = LoggerFactory.getLogger(ChildMain.class);
        Child child;
        try {
            TaskRegistry registry = TaskRegistry.load(ChildMain.class.getClassLoader());
            runInitializer(cfg);
            child = new Child(cfg, registry, events);
        } catch (Exception | LinkageError e) {
            log.error("child cannot start: {}", e.toString(), e);
            events.exiting("fatal", e.toString());
            System.exit(ExitCode.FATAL_START.code());
            return;
        }
        watchStdin(stdin, child, cfg, events, log); // before consuming: crash notes may follow the config line
        boolean spare = Boolean.getBoolean(SPARE_PROPERTY);
        try {
            if (spare) child.connect();
            else child.start();
        } catch (IOException | RuntimeException e) {
            log.error("cannot reach the broker at {}: {}", dev.warren.common.BrokerSettings.mask(cfg.brokerUri()), e.toString());
            events.exiting("fatal", "broker unreachable: " + e.getMessage());
            System.exit(ExitCode.BROKER_LOST.code());
            return;
        }
        if (spare && child.connected()) {
            consume(child, events, cfg, log); // it was given a slot while it connected
        } else if (spare) {
            events.connected(child.pid()); // consumes when the supervisor says "consume" (watchStdin)
            log.info("spare child connected: consumes {} when a slot needs it", cfg.queue());
        } else {
            events.ready(child.pid());
            log.info("child ready: consuming {} with prefetch {}", cfg.queue(), cfg.prefetch());
        }
        System.exit(child.run());
    }

    /** A spare takes over a slot: it starts consuming and says {@code ready}; losing the broker now is fatal. */
    private static void consume(Child child, ChildEvents events, ChildConfig cfg, Logger log) {
        try {
            child.consume();
        } catch (IOException | RuntimeException e) {
            fail(e, events, cfg, log);
        }
        events.ready(child.pid());
        log.info("spare child takes a slot: consuming {} with prefetch {}", cfg.queue(), cfg.prefetch());
    }

    /** {@code consume} on stdin: now when the spare is connected, else the main thread does it once it is. */
    private static void consumeWhenConnected(Child child, ChildEvents events, ChildConfig cfg, Logger log) {
        try {
            if (!child.requestConsume()) return;
        } catch (IOException | RuntimeException e) {
            fail(e, events, cfg, log);
        }
        events.ready(child.pid());
        log.info("spare child takes a slot: consuming {} with prefetch {}", cfg.queue(), cfg.prefetch());
    }

    private static void fail(Exception e, ChildEvents events, ChildConfig cfg, Logger log) {
        log.error("cannot start consuming {}: {}", cfg.queue(), e.toString());
        events.exiting("fatal", "consume failed: " + e.getMessage());
        Runtime.getRuntime().halt(ExitCode.BROKER_LOST.code());
    }

    /** {@code true}: a spare child, connected but not consuming until the supervisor writes {@code consume}. */
    public static final String SPARE_PROPERTY = "warren.child.spare";
    /** Property naming the child's {@link ChildSlot} file (the supervisor creates it). */
    public static final String SLOT_PROPERTY = "warren.child.slot";
    /** Upper bounds (ms, comma-separated) of the run-time histogram's buckets. */
    public static final String RUN_BUCKETS_PROPERTY = "warren.child.run-buckets-ms";
    /** Upper bounds (ms, comma-separated) of the time-in-queue histogram's buckets. */
    public static final String QUEUE_BUCKETS_PROPERTY = "warren.child.queue-buckets-ms";

    /** With the slot the supervisor gave (a system property), else lines per task. */
    private static ChildEvents events(PrintStream out) {
        String file = System.getProperty(SLOT_PROPERTY);
        if (file == null || file.isBlank()) return new ChildEvents(out);
        try {
            ChildSlot slot = ChildSlot.map(java.nio.file.Path.of(file));
            return new ChildEvents(out, slot, new ChildStats(bounds(RUN_BUCKETS_PROPERTY), bounds(QUEUE_BUCKETS_PROPERTY)));
        } catch (IOException | RuntimeException e) {
            System.err.println("cannot map the slot file " + file + " (" + e + "); reporting every task on stdout");
            return new ChildEvents(out);
        }
    }

    private static long[] bounds(String property) {
        String v = System.getProperty(property, "");
        return Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).mapToLong(Long::parseLong)
                .sorted().distinct().toArray();
    }

    private static void runInitializer(ChildConfig cfg) throws Exception {
        if (cfg.initializer() == null || cfg.initializer().isBlank()) return;
        Class<?> c = Class.forName(cfg.initializer().trim(), true, ChildMain.class.getClassLoader());
        if (!Initializer.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException(cfg.initializer() + " does not implement " + Initializer.class.getName());
        }
        ((Initializer) c.getDeclaredConstructor().newInstance()).initialize(cfg.initargs());
    }

    /** Commands from the supervisor; EOF means it is gone (killed): drain, and halt after the grace period. */
    private static void watchStdin(BufferedReader stdin, Child child, ChildConfig cfg, ChildEvents events, Logger log) {
        Thread t = new Thread(() -> {
            try {
                String line;
                while ((line = stdin.readLine()) != null) {
                    if (line.trim().equals("drain")) child.requestDrain("drained", 0);
                    else if (line.trim().equals("consume")) consumeWhenConnected(child, events, cfg, log);
                    else if (line.startsWith("{")) child.control(line);
                    else if (!line.isBlank()) log.warn("unknown command from the supervisor: {}", line);
                }
            } catch (IOException e) {
                log.debug("stdin: {}", e.toString());
            }
            log.warn("supervisor gone (stdin closed): draining, halting in {} ms at the latest", cfg.eofGraceMs());
            child.requestDrain("supervisor-gone", ExitCode.SUPERVISOR_GONE.code());
            try {
                Thread.sleep(cfg.eofGraceMs());
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(ExitCode.SUPERVISOR_GONE.code());
        }, "warren-stdin");
        t.setDaemon(true);
        t.start();
    }
}
