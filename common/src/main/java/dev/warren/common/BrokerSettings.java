package dev.warren.common;

import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Where the broker is and how to reach it. Credentials come from the URI, the environment or a
 * mounted secret file; they are never logged: {@link #toString()} and {@link #maskedUri()} print
 * the password as {@code ****}.
 *
 * <p>Environment (see {@link #fromEnvironment(Map)}):
 * <ul>
 *   <li>{@code WARREN_BROKER_URI} — {@code amqp://user:pass@host:port/vhost} or {@code amqps://...}
 *       (default {@value #DEFAULT_URI});</li>
 *   <li>{@code WARREN_BROKER_URI_FILE} — a file holding the URI (a mounted secret), used when the variable is unset;</li>
 *   <li>{@code WARREN_BROKER_PASSWORD_FILE} — a file holding the password, which replaces the URI's.</li>
 * </ul>
 *
 * <p>TLS: an {@code amqps://} URI uses the JVM's default {@link SSLContext} (so its trust store,
 * {@code -Djavax.net.ssl.trustStore}) and verifies the host name. warren never trusts every certificate.
 *
 * <p>Immutable and thread-safe.
 */
public final class BrokerSettings {
    /** The default broker: a local RabbitMQ with its default account. */
    public static final String DEFAULT_URI = "amqp://guest:guest@localhost:5672/%2F";
    /** Default AMQP heartbeat: a dead peer is noticed within about twice this. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);

    private final URI uri;
    private final String passwordOverride;
    private final Duration heartbeat;
    private final Duration recoveryInterval;

    private BrokerSettings(URI uri, String passwordOverride, Duration heartbeat, Duration recoveryInterval) {
        this.uri = uri;
        this.passwordOverride = passwordOverride;
        this.heartbeat = heartbeat;
        this.recoveryInterval = recoveryInterval;
    }

    /** Settings for this URI with default heartbeat and recovery interval. */
    public static BrokerSettings of(String uri) {
        return new BrokerSettings(parse(uri), null, DEFAULT_HEARTBEAT, Duration.ofSeconds(1));
    }

    /** Settings from {@code System.getenv()}. */
    public static BrokerSettings fromEnvironment() { return fromEnvironment(System.getenv()); }

    /**
     * Settings from the given environment (see the class comment for the variables).
     *
     * @throws WarrenException if a named secret file cannot be read or the URI is invalid
     */
    public static BrokerSettings fromEnvironment(Map<String, String> env) {
        String uri = env.get("WARREN_BROKER_URI");
        if (blank(uri) && !blank(env.get("WARREN_BROKER_URI_FILE"))) {
            uri = readSecret(env.get("WARREN_BROKER_URI_FILE"));
        }
        BrokerSettings s = of(blank(uri) ? DEFAULT_URI : uri);
        if (!blank(env.get("WARREN_BROKER_PASSWORD_FILE"))) {
            s = s.withPassword(readSecret(env.get("WARREN_BROKER_PASSWORD_FILE")));
        }
        return s;
    }

    /** True when the environment names a broker (URI or URI file). */
    public static boolean configuredIn(Map<String, String> env) {
        return !blank(env.get("WARREN_BROKER_URI")) || !blank(env.get("WARREN_BROKER_URI_FILE"));
    }

    public BrokerSettings withPassword(String password) {
        return new BrokerSettings(uri, password, heartbeat, recoveryInterval);
    }

    public BrokerSettings withHeartbeat(Duration heartbeat) {
        return new BrokerSettings(uri, passwordOverride, heartbeat, recoveryInterval);
    }

    public BrokerSettings withRecoveryInterval(Duration interval) {
        return new BrokerSettings(uri, passwordOverride, heartbeat, interval);
    }

    public Duration heartbeat() { return heartbeat; }

    /** The URI with its password replaced by {@code ****}; safe to log. */
    public String maskedUri() { return mask(uri.toString()); }

    /** The URI including credentials. Do not log it. */
    public String uriWithCredentials() {
        if (passwordOverride == null) return uri.toString();
        // rebuild from the raw parts so an encoded virtual host such as %2F stays encoded
        String user = uri.getRawUserInfo() == null ? "guest" : uri.getRawUserInfo().split(":", 2)[0];
        String pass = java.net.URLEncoder.encode(passwordOverride, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        return uri.getScheme() + "://" + user + ":" + pass + "@" + uri.getRawAuthority().replaceFirst("^.*@", "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath()) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** Replaces the password of any {@code scheme://user:password@host} URI in the text by {@code ****}. */
    public static String mask(String text) {
        if (text == null) return null;
        return text.replaceAll("(\\w+://[^:/@\\s]*):[^@/\\s]*@", "$1:****@");
    }

    /**
     * A connection factory for these settings: automatic recovery and topology recovery on,
     * heartbeat as configured, TLS with host-name verification for {@code amqps}.
     */
    public ConnectionFactory connectionFactory() {
        ConnectionFactory f = new ConnectionFactory();
        try {
            f.setUri(uriWithCredentials());
            if ("amqps".equalsIgnoreCase(uri.getScheme())) {
                f.useSslProtocol(SSLContext.getDefault()); // replaces setUri's trust-everything default
                f.enableHostnameVerification();
            }
        } catch (URISyntaxException | NoSuchAlgorithmException | java.security.KeyManagementException e) {
            throw new WarrenException("invalid broker URI " + maskedUri() + ": " + e.getMessage(), e);
        }
        f.setRequestedHeartbeat((int) Math.max(1, heartbeat.toSeconds()));
        f.setAutomaticRecoveryEnabled(true);
        f.setTopologyRecoveryEnabled(true);
        f.setNetworkRecoveryInterval(recoveryInterval.toMillis());
        f.setConnectionTimeout(10_000);
        return f;
    }

    private static URI parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        try {
            URI u = new URI(uri.trim());
            if (!"amqp".equalsIgnoreCase(u.getScheme()) && !"amqps".equalsIgnoreCase(u.getScheme())) {
                throw new WarrenException("broker URI must start with amqp:// or amqps://: " + mask(uri));
            }
            return u;
        } catch (URISyntaxException e) {
            throw new WarrenException("invalid broker URI " + mask(uri), e);
        }
    }

    private static String readSecret(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new WarrenException("cannot read secret file " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean blank(String s) { return s == null || s.isBlank(); }

    @Override public String toString() { return "BrokerSettings[" + maskedUri() + "]"; }
}
