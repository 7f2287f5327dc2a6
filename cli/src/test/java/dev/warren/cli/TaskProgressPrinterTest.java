package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.producer.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskProgressPrinterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text() { return bytes.toString(StandardCharsets.UTF_8); }

    @Test void withoutATerminalEachUpdateIsOneLine() {
        try (TaskProgressPrinter p = new TaskProgressPrinter(err, false)) {
            p.accept(new Progress(3, 10, Optional.of("counting\ndown")));
            p.accept(new Progress(4, 10, Optional.empty()));
        }
        assertThat(text()).isEqualTo("progress 3/10 counting down" + System.lineSeparator()
                + "progress 4/10" + System.lineSeparator());
    }

    @Test void onATerminalTheBarIsRedrawnInPlaceAndCloseEndsItsLine() {
        TaskProgressPrinter p = new TaskProgressPrinter(err, true);
        p.accept(new Progress(3, 10, Optional.of("counting down")));
        p.accept(new Progress(10, 10, Optional.empty()));
        p.close();
        p.accept(new Progress(11, 10, Optional.empty())); // after close: ignored
        assertThat(text()).isEqualTo("\r[#########.....................] 3/10 30% counting down\u001b[K"
                + "\r[##############################] 10/10 100%\u001b[K" + System.lineSeparator());
    }

    @Test void anUnknownTotalShowsTheCountOnly() {
        assertThat(TaskProgressPrinter.bar(new Progress(7, 0, Optional.of("files")))).isEqualTo("7 done files");
        assertThat(TaskProgressPrinter.line(new Progress(7, 0, Optional.empty()))).isEqualTo("progress 7/0");
    }

    @Test void closingWithoutAnyUpdatePrintsNothing() {
        new TaskProgressPrinter(err, true).close();
        assertThat(text()).isEmpty();
    }
}
