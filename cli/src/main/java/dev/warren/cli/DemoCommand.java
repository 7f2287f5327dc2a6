package dev.warren.cli;

import dev.warren.cli.demo.Demo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code warren demo}: the tutorial examples on an embedded broker and a local pool (see {@link Demo}). */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {Demo.SUMMARY,
            "The examples of Python's multiprocessing tutorials, on the embedded Apache Qpid Broker-J unless --uri "
                    + "or WARREN_BROKER_URI names a RabbitMQ. Everything it starts (broker, supervisors, child JVMs) is stopped at the end, also on Ctrl-C. "
                    + "It makes its own queues (warren.demo.<pid>), so --queue does not apply."},
        footerHeading = "%nEnvironment:%n",
        footer = {"  WARREN_BROKER_URI  a RabbitMQ to use instead of the embedded broker (as --uri)",
            "  WARREN_WORKER_JAR  the supervisor's jar (worker/target/warren-worker.jar)"})
final class DemoCommand implements Callable<Integer> {
    @ParentCommand WarrenCommand parent;
    @Mixin GlobalOptions.Uri uri;
    @Spec CommandSpec spec;

    @Option(names = "--children", paramLabel = "N", converter = AtLeastOne.class,
            description = "Child JVMs in the pool (default: the number of processors, at least 2).")
    Integer children;

    @Option(names = "--quick", arity = "0", description = "Smaller sizes: the whole demo in about 15-30 s.")
    boolean quick;

    @Option(names = "--output", paramLabel = "DIR", defaultValue = Demo.DEFAULT_OUTPUT,
            description = "Where the blurred images go (default ${DEFAULT-VALUE} in the working directory).")
    String output;

    @Override public Integer call() {
        if (parent.queueBeforeCommand() != null) throw new ParameterException(spec.commandLine(), "--queue does not apply: the demo makes its own queues");
        Io io = parent.io(uri, null);
        return Demo.run(children == null ? 0 : children, quick, output, io.out(), io.err(), io.env(),
                n -> new ProgressBar(io.err(), io.stderrIsTerminal(), n), b -> ((ProgressBar) b).step());
    }
}
