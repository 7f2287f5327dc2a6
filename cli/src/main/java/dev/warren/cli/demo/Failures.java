package dev.warren.cli.demo;

import dev.warren.common.WarrenException;
import dev.warren.producer.RemoteTaskException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Turns a failed future's exception into one readable line. */
final class Failures {
    private Failures() {}

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof ExecutionException || c instanceof CompletionException) && c.getCause() != null) c = c.getCause();
        return c;
    }

    static String describe(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof RemoteTaskException r) {
            String root = rootCause(r.remoteStack());
            return r.getMessage() + (root.isEmpty() ? "" : " (caused by " + root + ")");
        }
        if (c instanceof TimeoutException) return "timed out: " + c.getMessage();
        if (c instanceof CancellationException) return "cancelled";
        if (c instanceof WarrenException || c instanceof DemoException) return c.getMessage();
        return c.toString();
    }

    /** The last {@code Caused by:} line of a remote stack trace, without the prefix; empty if none. */
    static String rootCause(String stack) {
        if (stack == null) return "";
        String root = "";
        for (String line : stack.split("\n")) {
            String s = line.strip();
            if (s.startsWith("Caused by: ")) root = s.substring("Caused by: ".length());
        }
        return root;
    }
}
