package dev.warren.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
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
}
