package dev.warren.testing;

import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Which broker the tests of this JVM use, and why: a pure decision over the environment and a Docker
 * probe, so that it can be unit-tested without either.
 *
 * <ol>
 *   <li>{@code WARREN_TEST_BROKER=embedded} forces the embedded broker (CI runs the ITs once per broker);</li>
 *   <li>{@code RABBITMQ_URI}, if set;</li>
 *   <li>a Testcontainers RabbitMQ ({@code WARREN_TEST_RABBITMQ_IMAGE}, default {@value #DEFAULT_IMAGE})
 *       where a Docker engine answers;</li>
 *   <li>the embedded Qpid broker.</li>
 * </ol>
 *
 * @param kind   what to start or use
 * @param reason one sentence for the log
 * @param uri    the broker URI when {@code kind} is {@link Kind#RABBITMQ_URI}, else null
 * @param image  the container image when {@code kind} is {@link Kind#TESTCONTAINERS}, else null
 */
record BrokerChoice(Kind kind, String reason, String uri, String image) {
    static final String DEFAULT_IMAGE = "rabbitmq:3.13-management";
    static final String ENV_FORCE = "WARREN_TEST_BROKER";
    static final String ENV_URI = "RABBITMQ_URI";
    static final String ENV_IMAGE = "WARREN_TEST_RABBITMQ_IMAGE";

    enum Kind {
        /** A broker named by {@code RABBITMQ_URI}, already running. */
        RABBITMQ_URI("RABBITMQ_URI"),
        /** A RabbitMQ container started by Testcontainers for this JVM. */
        TESTCONTAINERS("testcontainers"),
        /** An Apache Qpid Broker-J started in this JVM. */
        EMBEDDED("embedded");

        final String label;

        Kind(String label) { this.label = label; }
    }

    /**
     * @param env             the environment ({@code System.getenv()} in production)
     * @param dockerAvailable asked only when neither variable decides; an exception counts as "no"
     * @throws IllegalArgumentException if {@code WARREN_TEST_BROKER} has a value other than {@code embedded} or {@code auto}
     */
    static BrokerChoice decide(Map<String, String> env, BooleanSupplier dockerAvailable) {
        String force = env.get(ENV_FORCE);
        if (!blank(force)) {
            switch (force.trim().toLowerCase(Locale.ROOT)) {
                case "embedded":
                    return new BrokerChoice(Kind.EMBEDDED, ENV_FORCE + "=embedded forces the embedded broker", null, null);
                case "auto":
                    break;
                default:
                    throw new IllegalArgumentException(ENV_FORCE + " must be 'embedded' or 'auto', was '" + force + "'");
            }
        }
        String uri = env.get(ENV_URI);
        if (!blank(uri)) return new BrokerChoice(Kind.RABBITMQ_URI, ENV_URI + " is set", uri.trim(), null);
        String probeFailure = null;
        boolean docker;
        try {
            docker = dockerAvailable.getAsBoolean();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
            probeFailure = e.toString();
        }
        if (docker) {
            String image = blank(env.get(ENV_IMAGE)) ? DEFAULT_IMAGE : env.get(ENV_IMAGE).trim();
            return new BrokerChoice(Kind.TESTCONTAINERS, ENV_URI + " is not set and a Docker engine is available", null, image);
        }
        return new BrokerChoice(Kind.EMBEDDED, ENV_URI + " is not set and no Docker engine is available"
                + (probeFailure == null ? "" : " (" + probeFailure + ")"), null, null);
    }

    private static boolean blank(String s) { return s == null || s.isBlank(); }
}
