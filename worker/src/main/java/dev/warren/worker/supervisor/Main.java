package dev.warren.worker.supervisor;

import dev.warren.common.ExitCode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The worker supervisor: {@code java -jar warren-worker.jar [--embedded-broker]}.
 *
 * <p>It waits for the broker (retrying with backoff; it never falls back to another broker on its own),
 * declares the task queue, starts {@code warren.children} child JVMs and keeps them running. SIGTERM
 * (or SIGINT) drains: the children finish their tasks and exit, then the supervisor exits with status 0. When
 * {@code warren.max-initializer-failures} children in a row cannot start, it drains what runs and exits with
 * {@link dev.warren.common.ExitCode#INITIALIZER_FAILED} (79) so that its orchestrator restarts it.
 * {@code --embedded-broker} starts an in-process Apache Qpid broker (memory only, for trying warren
 * out) and uses it instead of {@code WARREN_BROKER_URI}.
 *
 * <p>HTTP endpoints on {@code WARREN_HTTP_PORT} (default 8080):
 * <ul>
 *   <li>{@code GET /health/liveness} — UP while the process runs;</li>
 *   <li>{@code GET /health/readiness} — UP (200) when the broker is reachable and at least one child
 *       consumes, DOWN (503) before that and while draining; its details name the error of children that
 *       cannot start;</li>
 *   <li>{@code GET /health} — both;</li>
 *   <li>{@code GET /prometheus} — metrics in the Prometheus text format ({@code warren_*} and JVM metrics);</li>
 *   <li>{@code GET /pool} — the children as JSON: id, pid, state, uptime, tasks done, current task and for how long.</li>
 *   <li>{@code GET /} — the fleet dashboard ({@code /fleet.json}, {@code /dead.json}; see {@link DashboardController}).</li>
 * </ul>
 *
 * <p>Settings: {@code warren.*} in {@code application.yml}, overridden by environment variables
 * ({@code WARREN_CHILDREN}, {@code WARREN_QUEUE}, ...); see {@link SupervisorConfig}. {@code WARREN_LOG_FORMAT=json}
 * writes JSON log lines ({@link ChildLogEncoder}); a format other than text or json exits at once
 * with {@link ExitCode#BAD_SETTING}.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);
    static final String EMBEDDED_FLAG = "--embedded-broker";

    private Main() {}

    public static void main(String[] args) {
        LogFormat.problem(LogFormat.configured()).ifPresent(problem -> {
            System.err.println(problem);
            System.exit(ExitCode.BAD_SETTING.code());
        });
        // handlers first: a SIGTERM during start-up still drains (what started) and exits 0
        AtomicReference<ApplicationContext> started = new AtomicReference<>();
        AtomicReference<SupervisorEmbeddedBroker> embedded = new AtomicReference<>();
        AtomicBoolean stopRequested = new AtomicBoolean();
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicInteger status = new AtomicInteger();
        Runnable stopOnce = () -> {
            if (started.get() != null && stopRequested.get() && stopping.compareAndSet(false, true)) {
                new Thread(() -> stop(started.get(), embedded.get(), status.get()), "warren-stop").start();
            }
        };
        for (String sig : List.of("TERM", "INT")) {
            Signal.handle(new Signal(sig), s -> {
                stopRequested.set(true);
                stopOnce.run();
            });
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        if (rest.remove(EMBEDDED_FLAG)) {
            SupervisorEmbeddedBroker broker = SupervisorEmbeddedBroker.start();
            embedded.set(broker);
            System.setProperty("warren.broker-uri", broker.uri());
            log.info("started {} (memory only, for trying warren out)", broker);
        }
        started.set(Micronaut.build(rest.toArray(String[]::new)).mainClass(Main.class).banner(false).start());
        started.get().getBean(Supervisor.class).failure().thenAccept(code -> {
            if (!stopRequested.get()) status.set(code.code()); // a SIGTERM first: its drain ends with 0
            stopRequested.set(true);
            stopOnce.run();
        });
        stopOnce.run();
    }

    /** Drains the pool, closes the application and exits with {@code status} (1 if stopping failed). */
    private static void stop(ApplicationContext context, SupervisorEmbeddedBroker broker, int exitStatus) {
        int status = exitStatus;
        try {
            log.info(status == 0 ? "stop requested: draining" : "giving up: draining, then exiting with " + status);
            context.getBean(Supervisor.class).drain();
            context.close();
            if (broker != null) broker.close();
        } catch (RuntimeException e) {
            log.error("stopping failed: {}", e.toString(), e);
            status = 1;
        }
        System.exit(status);
    }
}
