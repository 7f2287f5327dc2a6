package dev.warren.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials come from the URI, the environment or secret files, and never show in printed settings. */
class BrokerSettingsTest {
    @TempDir Path dir;

    @Test
    void thePasswordIsMaskedInTheUriAndInToString() {
        BrokerSettings s = BrokerSettings.of("amqp://alice:s3cr%40t@broker:5672/%2F");
        assertThat(s.maskedUri()).isEqualTo("amqp://alice:****@broker:5672/%2F");
        assertThat(s.toString()).contains("alice:****@broker").doesNotContain("s3cr");
        assertThat(s.uriWithCredentials()).contains("alice:s3cr%40t@broker");
    }

    @Test
    void maskHidesEveryPasswordInFreeTextAndLeavesTheRestAlone() {
        String text = "failed amqp://u:p1@h1/v then amqps://v:p2@h2:5671 and http://w:p3@h3/x";
        assertThat(BrokerSettings.mask(text))
                .isEqualTo("failed amqp://u:****@h1/v then amqps://v:****@h2:5671 and http://w:****@h3/x");
        assertThat(BrokerSettings.mask("amqp://broker:5672/%2F")).isEqualTo("amqp://broker:5672/%2F");
        assertThat(BrokerSettings.mask(null)).isNull();
    }

    @Test
    void theEnvironmentDefaultsToTheLocalBroker() {
        BrokerSettings s = BrokerSettings.fromEnvironment(Map.of());
        assertThat(s.uriWithCredentials()).isEqualTo(BrokerSettings.DEFAULT_URI);
        assertThat(BrokerSettings.configuredIn(Map.of())).isFalse();
    }

    @Test
    void theUriVariableWinsOverTheUriFile() throws IOException {
        Path file = Files.writeString(dir.resolve("uri"), "amqp://f:filepass@from-file/%2F\n");
        BrokerSettings s = BrokerSettings.fromEnvironment(Map.of("WARREN_BROKER_URI", "amqp://e:envpass@from-env/%2F",
                "WARREN_BROKER_URI_FILE", file.toString()));
        assertThat(s.uriWithCredentials()).isEqualTo("amqp://e:envpass@from-env/%2F");
    }

    @Test
    void aMountedUriFileIsReadAndTrimmedWhenTheVariableIsUnset() throws IOException {
        Path file = Files.writeString(dir.resolve("uri"), "  amqp://f:filepass@from-file:5672/%2F\n");
        Map<String, String> env = Map.of("WARREN_BROKER_URI_FILE", file.toString());
        assertThat(BrokerSettings.configuredIn(env)).isTrue();
        BrokerSettings s = BrokerSettings.fromEnvironment(env);
        assertThat(s.uriWithCredentials()).isEqualTo("amqp://f:filepass@from-file:5672/%2F");
        assertThat(s.toString()).doesNotContain("filepass");
    }

    @Test
    void aPasswordFileReplacesTheUrisPasswordAndIsNeverPrinted() throws IOException {
        Path file = Files.writeString(dir.resolve("password"), "fr0m-secret\n");
        BrokerSettings s = BrokerSettings.fromEnvironment(Map.of("WARREN_BROKER_URI", "amqp://bob:old@broker:5672/vh",
                "WARREN_BROKER_PASSWORD_FILE", file.toString()));
        assertThat(s.uriWithCredentials()).isEqualTo("amqp://bob:fr0m-secret@broker:5672/vh");
        assertThat(s.toString()).doesNotContain("fr0m-secret");
        assertThat(s.maskedUri()).doesNotContain("fr0m-secret");
        ConnectionFactory f = s.connectionFactory();
        assertThat(f.getUsername()).isEqualTo("bob");
        assertThat(f.getPassword()).isEqualTo("fr0m-secret");
    }

    @Test
    void aPasswordOverrideKeepsTheDefaultVirtualHost() {
        BrokerSettings s = BrokerSettings.of("amqp://bob:old@broker:5672/%2F").withPassword("new");
        assertThat(s.uriWithCredentials()).isEqualTo("amqp://bob:new@broker:5672/%2F");
        assertThat(s.connectionFactory().getVirtualHost()).isEqualTo("/");
    }

    @Test
    void anUnreadableSecretFileFailsWithItsPathAndNoSecret() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> BrokerSettings.fromEnvironment(Map.of("WARREN_BROKER_URI", "amqp://u:topsecret@h/%2F",
                "WARREN_BROKER_PASSWORD_FILE", missing.toString())))
                .isInstanceOf(WarrenException.class).hasMessageContaining(missing.toString())
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void aUriOfAnotherSchemeIsRefusedWithThePasswordMasked() {
        assertThatThrownBy(() -> BrokerSettings.of("http://u:topsecret@h/"))
                .isInstanceOf(WarrenException.class).hasMessageContaining("amqp://")
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void plainAmqpDoesNotUseTls() {
        assertThat(BrokerSettings.of("amqp://u:p@h:5672/%2F").connectionFactory().isSSL()).isFalse();
    }

    @Test
    void amqpsUsesTheJvmTrustStoreAndVerifiesTheHostName() throws Exception {
        ConnectionFactory f = BrokerSettings.of("amqps://u:p@broker.example:5671/%2F").connectionFactory();
        assertThat(f.isSSL()).isTrue();
        assertThat(f.getPort()).isEqualTo(5671);
        // the socket configurator turns on HTTPS-style host name verification on every TLS socket it configures
        try (SSLSocket socket = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket()) {
            assertThat(socket.getSSLParameters().getEndpointIdentificationAlgorithm()).isNull();
            f.getSocketConfigurator().configure(socket);
            assertThat(socket.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        }
        // and the socket factory is the JVM default's, not setUri's trust-everything context
        assertThat(f.getSocketFactory().getClass()).isEqualTo(SSLContext.getDefault().getSocketFactory().getClass());
        assertThat(f.getSocketFactory().toString()).doesNotContainIgnoringCase("TrustEverything");
    }

    @Test
    void heartbeatAndRecoveryAreConfigured() {
        ConnectionFactory f = BrokerSettings.of("amqp://h").withHeartbeat(java.time.Duration.ofSeconds(7))
                .withRecoveryInterval(java.time.Duration.ofMillis(1500)).connectionFactory();
        assertThat(f.getRequestedHeartbeat()).isEqualTo(7);
        assertThat(f.isAutomaticRecoveryEnabled()).isTrue();
        assertThat(f.isTopologyRecoveryEnabled()).isTrue();
        assertThat(f.getNetworkRecoveryInterval()).isEqualTo(1500);
    }

    // --- several nodes (a cluster) ---

    @Test
    void aUriMayListSeveralNodesEachWithOrWithoutAPort() {
        BrokerSettings s = BrokerSettings.of("amqp://alice:s3cr3t@h1:5720,h2,[::1]:5722/vh");
        assertThat(s.addresses()).containsExactly(new Address("h1", 5720), new Address("h2", 5672), new Address("::1", 5722));
        assertThat(s.maskedUri()).isEqualTo("amqp://alice:****@h1:5720,h2,[::1]:5722/vh");
        assertThat(s.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void theUriWithCredentialsReadsBackToTheSameNodesSoAChildGetsThemAll() {
        BrokerSettings s = BrokerSettings.of("amqp://alice:old@h1:5720,h2:5721/%2F").withPassword("n3w pass");
        BrokerSettings child = BrokerSettings.of(s.uriWithCredentials());
        assertThat(child.addresses()).isEqualTo(s.addresses());
        assertThat(child.connectionFactory().getPassword()).isEqualTo("n3w pass");
        assertThat(child.connectionFactory().getVirtualHost()).isEqualTo("/");
    }

    @Test
    void theFactoryOfASeveralNodeUriCarriesCredentialsVirtualHostAndTheFirstNode() {
        ConnectionFactory f = BrokerSettings.of("amqp://bob:pw@n1:5720,n2:5721/prod?heartbeat=3").connectionFactory();
        assertThat(f.getUsername()).isEqualTo("bob");
        assertThat(f.getPassword()).isEqualTo("pw");
        assertThat(f.getVirtualHost()).isEqualTo("prod");
        assertThat(f.getHost()).isEqualTo("n1");
        assertThat(f.getPort()).isEqualTo(5720);
    }

    @Test
    void theAddressesVariableReplacesTheUrisHostsAndKeepsSchemeCredentialsAndVirtualHost() {
        BrokerSettings s = BrokerSettings.fromEnvironment(Map.of("WARREN_BROKER_URI", "amqps://carol:pw@lb.example/vh",
                "WARREN_BROKER_ADDRESSES", " r1.example:5681, r2.example ,r3.example:5683"));
        assertThat(s.addresses()).containsExactly(new Address("r1.example", 5681), new Address("r2.example", 5671),
                new Address("r3.example", 5683));
        assertThat(s.maskedUri()).isEqualTo("amqps://carol:****@r1.example:5681,r2.example,r3.example:5683/vh");
        assertThat(s.connectionFactory().isSSL()).isTrue();
        assertThat(s.connectionFactory().getUsername()).isEqualTo("carol");
        assertThat(BrokerSettings.configuredIn(Map.of("WARREN_BROKER_ADDRESSES", "h1,h2"))).isTrue();
    }

    @Test
    void withoutAUriTheAddressesVariableUsesTheDefaultAccount() {
        BrokerSettings s = BrokerSettings.fromEnvironment(Map.of("WARREN_BROKER_ADDRESSES", "h1:5720,h2:5721"));
        assertThat(s.uriWithCredentials()).isEqualTo("amqp://guest:guest@h1:5720,h2:5721/%2F");
    }

    @Test
    void aBadAddressListFailsNamingTheVariableAndTheFaultWithoutThePassword() {
        for (String bad : List.of("h1:5720,,h2", "h1:99999", "h1:abc", "h1,H1", "::1:5672", "[::1", "bad host", "h1:")) {
            assertThatThrownBy(() -> BrokerSettings.fromEnvironment(Map.of("WARREN_BROKER_URI", "amqp://u:topsecret@h/%2F",
                    "WARREN_BROKER_ADDRESSES", bad)))
                    .as(bad).isInstanceOf(WarrenException.class)
                    .hasMessageContaining("WARREN_BROKER_ADDRESSES").hasMessageNotContaining("topsecret");
        }
    }

    @Test
    void aBadHostInTheUriFailsNamingTheVariableWithThePasswordMasked() {
        assertThatThrownBy(() -> BrokerSettings.fromEnvironment(Map.of("WARREN_BROKER_URI", "amqp://u:topsecret@h1:5672,:5673/%2F")))
                .isInstanceOf(WarrenException.class).hasMessageContaining("WARREN_BROKER_URI")
                .hasMessageContaining("u:****@").hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> BrokerSettings.of("amqp://u:topsecret@h1:70000/%2F"))
                .isInstanceOf(WarrenException.class).hasMessageContaining("1..65535").hasMessageNotContaining("topsecret");
    }

    @Test
    void everyTlsNodeIsVerifiedByHostName() throws Exception {
        ConnectionFactory f = BrokerSettings.of("amqps://u:p@a.example,b.example:5681/%2F").connectionFactory();
        assertThat(f.isSSL()).isTrue();
        try (SSLSocket socket = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket()) {
            f.getSocketConfigurator().configure(socket);
            assertThat(socket.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        }
        assertThat(BrokerSettings.of("amqps://u:p@a.example,b.example:5681/%2F").addresses())
                .containsExactly(new Address("a.example", 5671), new Address("b.example", 5681));
    }

    @Test
    void connectTriesEveryNodeInAShuffledOrder() throws Exception {
        assertEveryNodeIsTriedInAShuffledOrder(true);
    }

    @Test
    void connectShufflesAlsoWithoutAutomaticRecoveryAsCrashOnlyChildrenConnect() throws Exception {
        assertEveryNodeIsTriedInAShuffledOrder(false);
    }

    private static void assertEveryNodeIsTriedInAShuffledOrder(boolean recovery) throws Exception {
        // two "nodes" that accept TCP and hang up: each connection attempt fails over to the other node
        try (ServerSocket a = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ServerSocket b = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Integer> order = new CopyOnWriteArrayList<>();
            List<Thread> acceptors = new ArrayList<>();
            for (ServerSocket server : List.of(a, b)) {
                Thread t = new Thread(() -> {
                    while (!server.isClosed()) {
                        try (Socket s = server.accept()) {
                            order.add(server.getLocalPort());
                        } catch (IOException e) {
                            return;
                        }
                    }
                });
                t.setDaemon(true);
                t.start();
                acceptors.add(t);
            }
            BrokerSettings s = BrokerSettings.of("amqp://u:p@127.0.0.1:" + a.getLocalPort() + ",127.0.0.1:" + b.getLocalPort() + "/%2F");
            Set<Integer> firstTried = new HashSet<>();
            for (int i = 0; i < 24; i++) {
                int before = order.size();
                ConnectionFactory f = s.connectionFactory();
                f.setHandshakeTimeout(2_000);
                f.setAutomaticRecoveryEnabled(recovery);
                assertThatThrownBy(() -> s.connect(f, "probe")).isInstanceOf(IOException.class);
                org.awaitility.Awaitility.await().until(() -> order.size() >= before + 2);
                assertThat(order.subList(before, before + 2)).containsExactlyInAnyOrder(a.getLocalPort(), b.getLocalPort());
                firstTried.add(order.get(before));
            }
            // 24 attempts starting on the same node every time: chance 2^-23 if the order is shuffled
            assertThat(firstTried).containsExactlyInAnyOrder(a.getLocalPort(), b.getLocalPort());
        }
    }
}
