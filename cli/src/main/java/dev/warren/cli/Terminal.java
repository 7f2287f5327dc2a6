package dev.warren.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether stderr is a terminal (for the progress bar). */
final class Terminal {
    private Terminal() {}

    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception | Error e) {
            return System.console() != null; // not Linux: stdin and stdout are terminals, assume stderr is too
        }
    }
}
