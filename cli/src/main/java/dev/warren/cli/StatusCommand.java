package dev.warren.cli;

import dev.warren.common.internal.Hosts;
import dev.warren.cli.fleet.BrokerAccess;
import dev.warren.cli.fleet.StatusReader;
import dev.warren.cli.fleet.StatusText;
import dev.warren.common.internal.FleetStatus;
import dev.warren.common.internal.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code warren status [--json] [--watch [--interval D] [--count N]] [--wait D]}: the queue, every supervisor and
 * its children, throughput and recent crashes, from the supervisors' announcements on {@code <queue>.fleet} and a
 * passive declare of the queues ({@link StatusReader}, {@link StatusText}). Read-only; any AMQP 0-9-1 broker.
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"The fleet at a glance: queue, supervisors, children, throughput, crashes.",
            "The queue's ready, running (unacked), consumers and dead letters; every supervisor and its children; "
                    + "the last minute's throughput; recent crashes. Read-only.",
            "Listens to <queue>.fleet for --wait: supervisors answer its hello at once and announce every 2 s."})
final class StatusCommand implements Callable<Integer> {
    @ParentCommand WarrenCommand parent;
    @Mixin GlobalOptions.Uri uri;
    @Mixin GlobalOptions.Queue queue;

    @Option(names = "--json", description = "Print one JSON object (with --watch: one line per refresh).")
    boolean json;

    @Option(names = "--watch", description = "Refresh until interrupted: in place on a terminal, else one block per refresh.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", converter = PositiveDuration.class,
            description = "Time between refreshes with --watch (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0", converter = AtLeastOne.OrZero.class,
            description = "With --watch, stop after N views (default 0: never).")
    int count;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "2500ms", converter = DurationConverter.class,
            description = "How long to listen before the first view (default ${DEFAULT-VALUE}: an interval and a margin).")
    Duration wait;

    @Override public Integer call() throws IOException, InterruptedException {
        Io io = parent.io(uri, queue);
        PrintStream out = io.out();
        boolean ansi = watch && !json && stdoutIsTerminal();
        StatusText text = new StatusText(ZoneId.systemDefault());
        try (BrokerAccess broker = BrokerAccess.connect(io.env(), "warren-status");
             StatusReader reader = new StatusReader(broker, "warren-status@" + Hosts.name())) {
            Thread.sleep(wait.toMillis());
            for (int n = 1; ; n++) {
                FleetStatus s = reader.status();
                if (json) {
                    out.println(Json.MAPPER.writeValueAsString(s.toJson()));
                } else {
                    if (ansi) out.print("\033[H\033[2J"); // home, clear: refresh in place
                    else if (n > 1) out.println();
                    if (watch && !ansi) out.println("--- " + LocalTime.now().withNano(0));
                    out.print(text.render(s));
                }
                out.flush();
                if (!watch || (count > 0 && n >= count)) return Cli.OK;
                Thread.sleep(interval.toMillis());
            }
        }
    }

    static boolean stdoutIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | RuntimeException | Error e) {
            return System.console() != null;
        }
    }

}
