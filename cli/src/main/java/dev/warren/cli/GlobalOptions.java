package dev.warren.cli;

import picocli.CommandLine.Option;

/**
 * The options that override the environment, mixed into {@code warren} itself (so they may come
 * before the command) and into each command that uses them (so they may come after it). A value
 * given after the command wins over one given before it.
 */
final class GlobalOptions {
    private GlobalOptions() {}

    /** {@code --uri}: every command that talks to a broker. */
    static final class Uri {
        @Option(names = "--uri", paramLabel = "URI", converter = BrokerUriConverter.class,
                description = "The broker, e.g. amqp://user:pass@host:5672/%%2F, amqps://... or a cluster's "
                        + "amqp://user:pass@h1:5672,h2:5672/%%2F; replaces WARREN_BROKER_URI, WARREN_BROKER_URI_FILE, "
                        + "WARREN_BROKER_ADDRESSES and WARREN_BROKER_PASSWORD_FILE.")
        String value;
    }

    /** {@code --queue}: the commands that use the task queue (submit, map). */
    static final class Queue {
        @Option(names = "--queue", paramLabel = "NAME", description = "The task queue; replaces WARREN_QUEUE (default warren.tasks).")
        String value;
    }

    /** {@code --client-id}: the commands that submit or re-attach (submit, result). */
    static final class ClientId {
        @Option(names = "--client-id", paramLabel = "NAME",
                description = "A stable client id (1..200 of A-Za-z0-9._:-): its reply queue outlives this run, so "
                        + "`warren result ID` with the same id gets the replies; replaces WARREN_CLIENT_ID.")
        String value;

        /** Applies it to the options (null leaves WARREN_CLIENT_ID, or a generated id). */
        dev.warren.producer.ProducerOptions.Builder apply(dev.warren.producer.ProducerOptions.Builder b) {
            return value == null ? b : b.clientId(value);
        }
    }
}
