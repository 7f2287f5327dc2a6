package dev.warren.common;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ListAddressResolver;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * Where the broker is and how to reach it: one RabbitMQ node, or several nodes of a cluster. Credentials
 * come from the URI, the environment or a mounted secret file; they are never logged: {@link #toString()}
 * and {@link #maskedUri()} print the password as {@code ****}.
 *
 * <p>Environment (see {@link #fromEnvironment(Map)}; a Micronaut application maps each variable onto the
 * {@code warren.*} property named in brackets):
 * <ul>
 *   <li>{@code WARREN_BROKER_URI} ({@code warren.broker-uri}) — {@code amqp://user:pass@host:port/vhost} or
 *       {@code amqps://...} (default {@value #DEFAULT_URI}); a cluster lists its nodes separated by commas:
 *       {@code amqp://user:pass@h1:5672,h2:5672,h3:5672/vhost};</li>
 *   <li>{@code WARREN_BROKER_URI_FILE} — a file holding the URI (a mounted secret), used when the variable is unset;</li>
 *   <li>{@code WARREN_BROKER_ADDRESSES} ({@code warren.broker-addresses}) — {@code host[:port],host[:port],...}:
 *       the nodes to use instead of the URI's hosts (the URI still gives scheme, credentials and virtual host;
 *       a missing port is 5672, or 5671 for {@code amqps});</li>
 *   <li>{@code WARREN_BROKER_PASSWORD_FILE} — a file holding the password, which replaces the URI's.</li>
 * </ul>
 *
 * <p>Several nodes: {@link #connect(ConnectionFactory, String)} tries them in a shuffled order (amqp-client's
 * {@code ListAddressResolver}), so clients spread over the cluster, and automatic recovery resolves and
 * shuffles them again on every attempt, so a client whose node stops reconnects to a live one. A single
 * host name is resolved to all of its IP addresses, likewise shuffled (amqp-client's
 * {@code DnsRecordIpAddressResolver}): one DNS name for a whole cluster works too.
 *
 * <p>TLS: an {@code amqps://} URI uses the JVM's default {@link SSLContext} (so its trust store,
 * {@code -Djavax.net.ssl.trustStore}) and verifies the host name of whichever node it connects to.
 * warren never trusts every certificate.
 *
 * <p>Immutable and thread-safe.
 */
public final class BrokerSettings {
    /** The default broker: a local RabbitMQ with its default account. */
    public static final String DEFAULT_URI = "amqp://guest:guest@localhost:5672/%2F";
    /** Default AMQP heartbeat: a dead peer is noticed within about twice this. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);

    private final BrokerUri uri;
    private final String passwordOverride;
    private final Duration heartbeat;
    private final Duration recoveryInterval;

    private BrokerSettings(BrokerUri uri, String passwordOverride, Duration heartbeat, Duration recoveryInterval) {
        this.uri = uri;
        this.passwordOverride = passwordOverride;
        this.heartbeat = heartbeat;
        this.recoveryInterval = recoveryInterval;
    }

    /**
     * Settings for this URI (one host, or several separated by commas) with default heartbeat and recovery interval.
     *
     * @throws WarrenException if the URI is invalid (the message names the faulty part, never the password)
     */
    public static BrokerSettings of(String uri) { return of("broker URI", uri); }

    private static BrokerSettings of(String setting, String uri) {
        Objects.requireNonNull(uri, "uri");
        return new BrokerSettings(BrokerUri.parse(setting, uri), null, DEFAULT_HEARTBEAT, Duration.ofSeconds(1));
    }

    /** Settings from {@code System.getenv()}. */
    public static BrokerSettings fromEnvironment() { return fromEnvironment(System.getenv()); }

    /**
     * Settings from the given environment (see the class comment for the variables).
     *
     * @throws WarrenException if a named secret file cannot be read, or the URI or the address list is invalid
     *                         (the message names the variable)
     */
    public static BrokerSettings fromEnvironment(Map<String, String> env) {
        String uri = env.get("WARREN_BROKER_URI");
        String setting = "WARREN_BROKER_URI (warren.broker-uri)";
        if (blank(uri) && !blank(env.get("WARREN_BROKER_URI_FILE"))) {
            uri = readSecret(env.get("WARREN_BROKER_URI_FILE"));
            setting = "the URI in WARREN_BROKER_URI_FILE " + env.get("WARREN_BROKER_URI_FILE");
        }
        BrokerSettings s = of(setting, blank(uri) ? DEFAULT_URI : uri);
        if (!blank(env.get("WARREN_BROKER_ADDRESSES"))) {
            s = s.withAddresses("WARREN_BROKER_ADDRESSES (warren.broker-addresses)", env.get("WARREN_BROKER_ADDRESSES"));
        }
        if (!blank(env.get("WARREN_BROKER_PASSWORD_FILE"))) {
            s = s.withPassword(readSecret(env.get("WARREN_BROKER_PASSWORD_FILE")));
        }
        return s;
    }

    /** True when the environment names a broker (URI, URI file or addresses). */
    public static boolean configuredIn(Map<String, String> env) {
        return !blank(env.get("WARREN_BROKER_URI")) || !blank(env.get("WARREN_BROKER_URI_FILE"))
                || !blank(env.get("WARREN_BROKER_ADDRESSES"));
    }

    /** These settings with the password replaced (it is never printed). */
    public BrokerSettings withPassword(String password) {
        return new BrokerSettings(uri, Objects.requireNonNull(password, "password"), heartbeat, recoveryInterval);
    }

    /**
     * These settings with the URI's hosts replaced by {@code addresses}: {@code host[:port],host[:port],...}
     * (IPv6 in brackets; a missing port is the scheme's default). Scheme, credentials and virtual host stay.
     *
     * @throws WarrenException if the list is empty, lists a host twice, or a host or port is invalid
     */
    public BrokerSettings withAddresses(String addresses) { return withAddresses("broker addresses", addresses); }

    private BrokerSettings withAddresses(String setting, String addresses) {
        return new BrokerSettings(uri.withHosts(setting, addresses), passwordOverride, heartbeat, recoveryInterval);
    }

    public BrokerSettings withHeartbeat(Duration heartbeat) {
        return new BrokerSettings(uri, passwordOverride, heartbeat, recoveryInterval);
    }

    public BrokerSettings withRecoveryInterval(Duration interval) {
        return new BrokerSettings(uri, passwordOverride, heartbeat, interval);
    }

    public Duration heartbeat() { return heartbeat; }

    /** The broker's nodes in the order configured (connections try them shuffled); at least one. */
    public List<Address> addresses() { return uri.addresses; }

    /** The URI, with every host, and its password replaced by {@code ****}; safe to log. */
    public String maskedUri() { return uri.masked(); }

    /**
     * The URI including credentials and every host, in the form {@link #of(String)} reads back (this is what a
     * supervisor hands its children on their stdin). Do not log it.
     */
    public String uriWithCredentials() { return uri.format(encodedPasswordOverride()); }

    private String encodedPasswordOverride() {
        if (passwordOverride == null) return null;
        return java.net.URLEncoder.encode(passwordOverride, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Replaces the password of any {@code scheme://user:password@host} URI in the text by {@code ****}. */
    public static String mask(String text) {
        if (text == null) return null;
        return text.replaceAll("(\\w+://[^:/@\\s]*):[^@/\\s]*@", "$1:****@");
    }

    /**
     * A connection factory for these settings: credentials and virtual host, automatic recovery and
     * topology recovery on, heartbeat as configured, TLS with host-name verification for {@code amqps}.
     * Its host and port are the first node's; open connections with {@link #connect(ConnectionFactory, String)}
     * so that every node is used ({@code factory.newConnection()} reaches only the first).
     */
    public ConnectionFactory connectionFactory() {
        ConnectionFactory f = new ConnectionFactory();
        try {
            f.setUri(uri.firstHostUri(encodedPasswordOverride()));
            if (uri.tls()) {
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

    /**
     * Opens a connection with {@code factory} (one from {@link #connectionFactory()}, perhaps adjusted) to one
     * of {@link #addresses()}, tried in a shuffled order; automatic recovery tries them again, re-shuffled, on
     * every attempt. With a single address, its host name is resolved to all of its IP addresses.
     *
     * @param clientName the connection name shown by the broker
     * @throws IOException      if no node accepted the connection (the last node's error)
     * @throws TimeoutException if the last node tried did not answer in time
     */
    public Connection connect(ConnectionFactory factory, String clientName) throws IOException, TimeoutException {
        return connect(factory, null, clientName);
    }

    /**
     * {@link #connect(ConnectionFactory, String)} with the executor that runs the connection's consumer callbacks
     * (amqp-client's {@code newConnection(ExecutorService, ...)}; it never shuts a given executor down).
     *
     * @param consumerExecutor the consumers' executor, or null for a pool of amqp-client's own
     */
    public Connection connect(ConnectionFactory factory, ExecutorService consumerExecutor, String clientName)
            throws IOException, TimeoutException {
        if (uri.addresses.size() == 1) {
            // amqp-client resolves one name to all of its IPs (DnsRecordIpAddressResolver), shuffled by recovery
            return factory.newConnection(consumerExecutor, uri.addresses, clientName);
        }
        // a ListAddressResolver: recovery shuffles on every attempt (AddressResolver.maybeShuffle), but a first
        // connection without recovery (a crash-only child) takes getAddresses() in order, so shuffle there too
        return factory.newConnection(consumerExecutor, new ListAddressResolver(uri.addresses) {
            @Override public List<Address> getAddresses() { return maybeShuffle(super.getAddresses()); }
        }, clientName);
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
