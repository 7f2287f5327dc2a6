package dev.warren.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/** The streams and environment a command runs with (the real ones, or a test's). */
record Io(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean stderrIsTerminal) {}
