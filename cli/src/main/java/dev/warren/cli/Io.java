package dev.warren.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/** The streams and environment a command runs with (the real ones, or a test's). */
record Io(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean stderrIsTerminal) {
    /**
     * This Io with the global options applied over the environment: {@code --uri} replaces
     * {@code WARREN_BROKER_URI} and drops {@code WARREN_BROKER_URI_FILE}, {@code WARREN_BROKER_ADDRESSES}
     * and {@code WARREN_BROKER_PASSWORD_FILE} (the URI on the command line is the whole answer; a cluster
     * lists its nodes in it: {@code amqp://u:p@h1:5672,h2:5672/vhost});
     * {@code --queue} replaces {@code WARREN_QUEUE}. Null leaves the environment's value.
     */
    Io withOverrides(String uri, String queue) {
        if (uri == null && queue == null) return this;
        Map<String, String> e = new HashMap<>(env);
        if (uri != null) {
            e.put("WARREN_BROKER_URI", uri);
            e.remove("WARREN_BROKER_URI_FILE");
            e.remove("WARREN_BROKER_ADDRESSES");
            e.remove("WARREN_BROKER_PASSWORD_FILE");
        }
        if (queue != null) e.put("WARREN_QUEUE", queue);
        return new Io(in, out, err, Map.copyOf(e), stderrIsTerminal);
    }
}
