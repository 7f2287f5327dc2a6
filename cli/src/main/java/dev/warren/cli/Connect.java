package dev.warren.cli;

import dev.warren.common.BrokerSettings;
import dev.warren.common.QueueType;
import dev.warren.common.WarrenException;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.RemoteTaskException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Builds the executor's options from the environment, and turns failures into one readable line. */
final class Connect {
    private Connect() {}

    /**
     * @throws IllegalArgumentException when {@code WARREN_QUEUE_TYPE} is neither quorum nor classic, or a broker setting
     *                                  ({@code WARREN_BROKER_URI}, its files, {@code WARREN_BROKER_ADDRESSES}) is invalid
     *                                  (a usage error)
     */
    static ProducerOptions.Builder options(Io io) {
        try {
            BrokerSettings.fromEnvironment(io.env()); // a bad WARREN_BROKER_* setting is a usage error, found before connecting
        } catch (WarrenException e) {
            throw new IllegalArgumentException(BrokerSettings.mask(e.getMessage()), e);
        }
        ProducerOptions.Builder b = ProducerOptions.builder().environment(io.env());
        String type = io.env().get("WARREN_QUEUE_TYPE");
        if (type != null && !type.isBlank()) {
            try {
                b.queueType(QueueType.parse(type));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("WARREN_QUEUE_TYPE: " + e.getMessage(), e);
            }
        }
        return b;
    }

    /** The failure's root cause as one line, e.g. {@code error: cube failed in child-1 pid 12 on h: ...}. */
    static String describe(Throwable t) {
        Throwable c = t;
        while ((c instanceof ExecutionException || c instanceof CompletionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof TimeoutException) return "timed out: " + c.getMessage();
        if (c instanceof CancellationException) return "cancelled";
        if (c instanceof WarrenException) return c.getMessage();
        return c.toString();
    }

    /** The remote stack of a failure, if it is a remote task failure. */
    static String remoteStack(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof RemoteTaskException r) return r.remoteStack();
        }
        return "";
    }
}
