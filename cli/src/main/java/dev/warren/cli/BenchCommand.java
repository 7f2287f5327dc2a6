package dev.warren.cli;

import dev.warren.bench.Bench;
import dev.warren.bench.BenchArgs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code warren bench}: warren against a raw amqp-client baseline, same broker, same run (see {@link Bench}, docs/benchmarks.md). */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Benchmarks: warren against a raw amqp-client baseline.",
            "The same scenarios as a hand-written amqp-client request/reply, on the same broker, in the same run. It starts its own supervisors and raw consumer JVMs on unique queues, and removes them at the end (also on Ctrl-C). "
                    + "The table goes to stdout, progress to stderr; docs/benchmarks.md explains the rows."},
        footerHeading = "%nEnvironment:%n",
        footer = {"  WARREN_BROKER_URI  the broker when neither --broker nor --uri is given",
            "  WARREN_WORKER_JAR  the worker jar when --worker-jar is not given"})
final class BenchCommand implements Callable<Integer> {
    static final class Scales implements Iterable<String> {
        @Override public java.util.Iterator<String> iterator() { return BenchArgs.SCALES.iterator(); }
    }

    static final class Groups implements Iterable<String> {
        @Override public java.util.Iterator<String> iterator() { return BenchArgs.GROUPS.iterator(); }
    }

    @ParentCommand WarrenCommand parent;
    @Mixin GlobalOptions.Uri uri;
    @Spec CommandSpec spec;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "" + BenchArgs.DEFAULT_RUNS, converter = AtLeastOne.class,
            description = "Repeated runs per scenario, warren and raw interleaved (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--scale", paramLabel = "SCALE", defaultValue = BenchArgs.DEFAULT_SCALE, completionCandidates = Scales.class,
            description = "${COMPLETION-CANDIDATES}: full = the issue's sizes (default), small = a quick look, smoke = does it run.")
    String scale;

    @Option(names = "--only", paramLabel = "GROUP", split = ",", completionCandidates = Groups.class,
            description = "Only these scenario groups, comma-separated: ${COMPLETION-CANDIDATES} (default all).")
    List<String> only = List.of();

    @Option(names = "--broker", paramLabel = "URI", converter = BrokerUriConverter.class,
            description = "The broker (default: --uri, else WARREN_BROKER_URI, else " + BenchArgs.DEFAULT_BROKER + ").")
    String broker;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the table as Markdown to this file.")
    Path report;

    @Option(names = "--worker-jar", paramLabel = "PATH",
            description = "The supervisor's jar (default: WARREN_WORKER_JAR, else worker/target/warren-worker.jar of this checkout).")
    Path workerJar;

    @Option(names = "--child-jvm-options", paramLabel = "OPTS", defaultValue = BenchArgs.DEFAULT_CHILD_JVM_OPTIONS,
            description = "JVM options of warren's children and of the raw consumers alike (default: ${DEFAULT-VALUE}).")
    String childJvmOptions;

    @Option(names = "--keep-logs", arity = "0", description = "Keep the work directory (supervisor and consumer logs) after a good run.")
    boolean keepLogs;

    @Option(names = "--raw-headers", arity = "0", description = "The raw baseline carries the AMQP headers warren's tasks and "
            + "replies carry (a diagnostic: what the protocol's headers cost the broker and the clients; docs/benchmarks.md).")
    boolean rawHeaders;

    @Override public Integer call() throws IOException {
        if (parent.queueBeforeCommand() != null) throw new ParameterException(spec.commandLine(), "--queue does not apply: the bench makes its own queues");
        Io io = parent.io(uri, null);
        BenchArgs args = BenchArgs.builder().runs(runs).scale(scale).only(only).broker(broker).report(report).workerJar(workerJar)
                .childJvmOptions(childJvmOptions).keepLogs(keepLogs).rawHeaders(rawHeaders).environment(io.env()).build();
        return Bench.run(args);
    }
}
