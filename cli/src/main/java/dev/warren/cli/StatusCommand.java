package dev.warren.cli;

import dev.warren.cli.fleet.BrokerAccess;
import dev.warren.cli.fleet.StatusReader;
import dev.warren.cli.fleet.StatusText;
import dev.warren.common.internal.FleetStatus;
import dev.warren.common.internal.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code warren status [--json] [--watch [--interval D] [--count N]] [--wait D]}: the queue, every supervisor and
 * its children, throughput and recent crashes, from the supervisors' announcements and a passive declare of the
 * queues. Read-only; works on any AMQP 0-9-1 broker.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"The fleet at a glance: the queue (ready, running, consumers, dead letters), every supervisor "
                + "and its children, throughput and recent crashes. Read-only.",
                "Listens to <queue>.fleet for --wait (a supervisor answers a hello at once and announces every 2 s)."})
public final class StatusCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "print one JSON object (with --watch: one per line and refresh)")
    boolean json;

    @Option(names = "--watch", description = "refresh until interrupted (in place on a terminal)")
    boolean watch;

    @Option(names = "--interval", defaultValue = "2s", converter = DurationConverter.class,
            description = "time between refreshes with --watch (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Option(names = "--count", defaultValue = "0", description = "stop after this many refreshes (default 0: never)")
    int count;

    @Option(names = "--wait", defaultValue = "2500ms", converter = DurationConverter.class,
            description = "how long to listen before the first view (default: ${DEFAULT-VALUE})")
    Duration wait;

    private final Map<String, String> env;

    public StatusCommand() { this(System.getenv()); }

    public StatusCommand(Map<String, String> env) { this.env = env; }

    @Override public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        boolean ansi = watch && !json && stdoutIsTerminal();
        StatusText text = new StatusText(ZoneId.systemDefault());
        try (BrokerAccess broker = BrokerAccess.connect(env, "warren-status");
             StatusReader reader = new StatusReader(broker, "warren-status@" + host())) {
            Thread.sleep(wait.toMillis());
            for (int n = 1; ; n++) {
                FleetStatus s = reader.status();
                if (json) {
                    out.println(Json.MAPPER.writeValueAsString(s.toJson()));
                } else {
                    if (ansi) out.print("\033[H\033[2J");
                    else if (n > 1) out.println();
                    if (watch && !ansi) out.println("--- " + java.time.LocalTime.now().withNano(0));
                    out.print(text.render(s));
                }
                out.flush();
                if (!watch || (count > 0 && n >= count)) return Cli.OK;
                Thread.sleep(interval.toMillis());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("error: " + Connect.describe(e));
            return Cli.FAILED;
        }
    }

    static boolean stdoutIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception | Error e) {
            return System.console() != null;
        }
    }

    static String host() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) return h;
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
