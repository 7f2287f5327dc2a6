package dev.warren.cli;

import dev.warren.common.TaskType;
import dev.warren.common.WarrenException;
import dev.warren.common.internal.Json;
import dev.warren.producer.MapOptions;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.TaskExecutor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code warren map TASK FILE|- [--chunksize N|auto] [--max-in-flight N] [--timeout D|none] [--deadline D|none]}:
 * one JSON input per line (blank lines skipped), one JSON output per line on stdout, in input order.
 * The input is read lazily, so a file of any size works. Progress goes to stderr. A {@link MapWatch}
 * ends a map that gets no result for {@value #DEFAULT_TIMEOUT} (or runs past its deadline).
 */
@Command(name = "map", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Run a task on every line of a file, print the outputs in order.",
            "Each line is one JSON input; each output is one JSON line on stdout, in input order. Progress goes to stderr. "
                    + "The first failed input ends the map (exit 1)."})
final class MapCommand implements Callable<Integer> {
    /** How long map waits for its next result by default. */
    static final String DEFAULT_TIMEOUT = "60s";

    @ParentCommand WarrenCommand parent;
    @Mixin GlobalOptions.Uri uri;
    @Mixin GlobalOptions.Queue queue;

    @Parameters(index = "0", paramLabel = "TASK", completionCandidates = Catalog.Names.class,
            description = "The task's name: one of the examples (${COMPLETION-CANDIDATES}) or any other, which takes any JSON.")
    String task;

    @Parameters(index = "1", paramLabel = "FILE|-", description = "One JSON input per line (blank lines are skipped); - reads stdin.")
    String file;

    @Option(names = "--chunksize", paramLabel = "N|auto", defaultValue = "auto", converter = Chunksize.class,
            description = "Inputs per message (default ${DEFAULT-VALUE}: chosen from the measured task time, large for "
                    + "short tasks, 1 for tasks of 20 ms or more); an error fails the whole chunk.")
    Integer chunksize;

    @Option(names = "--max-in-flight", paramLabel = "N", converter = AtLeastOne.class,
            description = "Messages outstanding at once (default " + ProducerOptions.DEFAULT_MAX_IN_FLIGHT + ").")
    Integer maxInFlight;

    @Option(names = "--timeout", paramLabel = "DURATION|none", defaultValue = DEFAULT_TIMEOUT, converter = Wait.Converter.class,
            description = "End the map when no result has come for this long while waiting on the workers "
                    + "(default ${DEFAULT-VALUE}): a long map that keeps making progress is never cut off; none waits forever.")
    Wait timeout;

    @Option(names = "--deadline", paramLabel = "DURATION|none", defaultValue = "none", converter = Wait.Converter.class,
            description = "End the map when it has run this long in all (default ${DEFAULT-VALUE}).")
    Wait deadline;

    @Override public Integer call() throws IOException {
        Io io = parent.io(uri, queue);
        TaskType<Object, Object> type = Catalog.find(task);
        MapOptions mo = MapOptions.builder().chunksize(chunksize).maxInFlight(maxInFlight).build();
        long total = file.equals("-") ? 0 : countLines(file);
        ProducerOptions options = Connect.options(io).build();
        BufferedReader reader = open(file, io);
        PrintStream out = io.out();
        try (reader; TaskExecutor pool = TaskExecutor.connect(options);
             MapWatch watch = new MapWatch(timeout, deadline, pool::shutdownNow,
                     () -> QueueProbe.describe(options.broker(), options.queue()));
             ProgressBar progress = new ProgressBar(io.err(), io.stderrIsTerminal(), total);
             Stream<Object> results = pool.map(type, () -> new Lines(reader, type, watch), mo)) {
            try {
                for (Iterator<Object> it = results.iterator(); it.hasNext(); ) {
                    Object result = it.next();
                    watch.result();
                    out.println(Json.MAPPER.writeValueAsString(result));
                    progress.step();
                }
            } catch (RuntimeException e) {
                if (watch.fired() == null) throw e; // else the watch's shutdownNow ended the wait (a CancellationException)
                out.flush();
                io.err().println("error: " + watch.fired());
                return Cli.FAILED;
            }
            watch.close(); // if it fired as the last result came, the map is complete all the same
            out.flush();
            return Cli.OK;
        } catch (WarrenException | CompletionException | CancellationException | UncheckedIOException e) {
            out.flush();
            io.err().println("error: " + Connect.describe(e));
            return Cli.FAILED;
        }
    }

    private static long countLines(String file) {
        try (Stream<String> lines = Files.lines(Path.of(file), StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).count();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file, e);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static BufferedReader open(String file, Io io) {
        try {
            return file.equals("-") ? new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8))
                    : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code --chunksize}: {@code auto} (null: the adaptive default of {@link MapOptions}) or a count of at least 1. */
    static final class Chunksize implements picocli.CommandLine.ITypeConverter<Integer> {
        @Override public Integer convert(String value) {
            return value.trim().equalsIgnoreCase("auto") ? null : new AtLeastOne().convert(value);
        }
    }

    /** The inputs, parsed one line at a time as the map asks for them. */
    static final class Lines implements Iterator<Object> {
        private final BufferedReader reader;
        private final TaskType<?, ?> type;
        private final MapWatch watch;
        private String next;
        private long lineNo;

        Lines(BufferedReader reader, TaskType<?, ?> type, MapWatch watch) {
            this.reader = reader;
            this.type = type;
            this.watch = watch;
        }

        @Override public boolean hasNext() {
            try {
                while (next == null) {
                    watch.reading();
                    String line;
                    try {
                        line = reader.readLine();
                    } finally {
                        watch.read();
                    }
                    if (line == null) return false;
                    lineNo++;
                    if (!line.isBlank()) next = line;
                }
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override public Object next() {
            if (!hasNext()) throw new NoSuchElementException();
            String line = next;
            next = null;
            try {
                return Catalog.parseInput(type, line);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + lineNo + ": " + e.getMessage(), e);
            }
        }
    }
}
