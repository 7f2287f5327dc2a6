package dev.warren.worker.supervisor;

import dev.warren.common.ExitCode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.runtime.Micronaut;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 * writes JSON log lines ({@link ChildLogEncoder}).
 *
 * <p>Before it starts anything it checks every setting ({@link SettingsCheck}): a bad one (a format other than text
 * or json, {@code WARREN_CHILDREN=0}, an unknown queue type, a malformed broker URI, ...) gets one line on stderr and
 * the exit status {@link ExitCode#BAD_SETTING} (78); a taken HTTP port gets one line and {@link ExitCode#PORT_IN_USE}
 * (77). Children start only once the HTTP server is up.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);
    static final String EMBEDDED_FLAG = "--embedded-broker";

    private Main() {}

    public static void main(String[] args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean embeddedBroker = rest.remove(EMBEDDED_FLAG);
        String[] micronautArgs = rest.toArray(String[]::new);
        // before any child, connection or server: one line per bad setting, then exit (docs/operations.md, exit codes)
        Map<String, Object> checked = checkedSettingsOrExit(micronautArgs, embeddedBroker);
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
        if (embeddedBroker) {
            SupervisorEmbeddedBroker broker = SupervisorEmbeddedBroker.start();
            embedded.set(broker);
            System.setProperty("warren.broker-uri", broker.uri());
            log.info("started {} (memory only, for trying warren out)", broker);
        }
        // the checked values in their canonical form win over every other source: what was checked is what binds
        started.set(Micronaut.build(micronautArgs).mainClass(Main.class).banner(false)
                .propertySources(PropertySource.of("warren-checked", checked, Integer.MAX_VALUE)).start());
        started.get().getBean(Supervisor.class).failure().thenAccept(code -> {
            if (!stopRequested.get()) status.set(code.code()); // a SIGTERM first: its drain ends with 0
            stopRequested.set(true);
            stopOnce.run();
        });
        stopOnce.run();
    }

    /**
     * Checks every setting ({@link SettingsCheck}) and the HTTP port ({@link HttpPortCheck}) as Micronaut will read them;
     * on a problem prints one line for each and exits {@link ExitCode#BAD_SETTING} or {@link ExitCode#PORT_IN_USE}.
     *
     * @return the accepted {@code warren.*} values in canonical form
     */
    private static Map<String, Object> checkedSettingsOrExit(String[] args, boolean embeddedBroker) {
        ApplicationContext probe = ApplicationContext.builder().args(args).build();
        Environment env = probe.getEnvironment();
        env.start();
        try {
            SettingsCheck.Result result = SettingsCheck.check(key -> env.getProperty(key, String.class).orElse(null),
                    System.getenv(), embeddedBroker);
            if (!result.ok()) exit(result.problems(), ExitCode.BAD_SETTING);
            String host = env.getProperty("micronaut.server.host", String.class).orElse(null);
            int port = env.getProperty("micronaut.server.port", Integer.class).orElse(8080);
            HttpPortCheck.problem(port, host).ifPresent(line -> exit(List.of(line), ExitCode.PORT_IN_USE));
            return result.canonical();
        } finally {
            env.stop();
        }
    }

    private static void exit(List<String> lines, ExitCode code) {
        lines.forEach(System.err::println);
        System.err.flush();
        System.exit(code.code());
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
