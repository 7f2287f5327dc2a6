package dev.warren.cli;

import dev.warren.common.TaskType;
import dev.warren.common.WarrenException;
import dev.warren.common.internal.Json;
import dev.warren.producer.MapOptions;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * {@code warren map TASK FILE|- [--chunksize N] [--max-in-flight N] [--timeout D]}: one JSON input
 * per line (blank lines skipped), one JSON output per line on stdout, in input order. The input is
 * read lazily, so a file of any size works. Progress goes to stderr.
 */
final class MapCommand implements Command {
    @Override public String usage() { return "map TASK FILE|- [--chunksize N] [--max-in-flight N] [--timeout 10s]"; }
    @Override public String summary() { return "run a task on every line of a file (JSON inputs), print outputs in order"; }
    @Override public Args.Spec spec() { return Args.Spec.of("chunksize=", "max-in-flight=", "timeout="); }

    @Override public int run(Args args, Io io) {
        args.expectPositional("TASK", "FILE");
        TaskType<Object, Object> type = Catalog.find(args.positional(0));
        String file = args.positional(1);
        MapOptions.Builder mo = MapOptions.builder().chunksize(args.intOption("chunksize", 1, 1))
                .timeout(args.durationOption("timeout"));
        if (args.option("max-in-flight").isPresent()) mo.maxInFlight(args.intOption("max-in-flight", 1, 1));
        long total = file.equals("-") ? 0 : countLines(file);
        BufferedReader reader = open(file, io);
        PrintStream out = io.out();
        try (reader; TaskExecutor pool = Connect.connect(Connect.options(io));
             ProgressBar progress = new ProgressBar(io.err(), io.stderrIsTerminal(), total);
             Stream<Object> results = pool.map(type, () -> new Lines(reader, type), mo.build())) {
            for (Iterator<Object> it = results.iterator(); it.hasNext(); ) {
                out.println(Json.MAPPER.writeValueAsString(it.next()));
                progress.step();
            }
            out.flush();
            return Cli.OK;
        } catch (UsageException e) {
            out.flush();
            throw e;
        } catch (WarrenException | CompletionException | CancellationException | IOException | UncheckedIOException e) {
            out.flush();
            io.err().println("error: " + Connect.describe(e));
            return Cli.FAILED;
        }
    }

    private static long countLines(String file) {
        try (Stream<String> lines = Files.lines(Path.of(file), StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).count();
        } catch (NoSuchFileException e) {
            throw new UsageException("no such file: " + file);
        } catch (IOException | UncheckedIOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static BufferedReader open(String file, Io io) {
        try {
            return file.equals("-") ? new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8))
                    : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The inputs, parsed one line at a time as the map asks for them. */
    static final class Lines implements Iterator<Object> {
        private final BufferedReader reader;
        private final TaskType<?, ?> type;
        private String next;
        private long lineNo;

        Lines(BufferedReader reader, TaskType<?, ?> type) {
            this.reader = reader;
            this.type = type;
        }

        @Override public boolean hasNext() {
            try {
                while (next == null) {
                    String line = reader.readLine();
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
            } catch (UsageException e) {
                throw new UsageException("line " + lineNo + ": " + e.getMessage());
            }
        }
    }
}
