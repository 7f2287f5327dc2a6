package dev.warren.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.ConnectionFactory;
import dev.warren.common.BrokerSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS end to end against the embedded broker's real AMQPS listener, with certificates made by keytool at
 * test time. The clients run in forked JVMs ({@link TlsClientMain}) configured the way docs/tls.md tells
 * users to: {@code -Djavax.net.ssl.trustStore}. They connect through {@code BrokerSettings}, so what passes
 * or fails here is warren's own connection path: its trust (the JVM's trust store, never trust-all) and its
 * host-name verification.
 */
class EmbeddedBrokerTlsIT {
    /** Names localhost and 127.0.0.1. */
    static TestCertificates.Cert both;
    /** Names localhost only. */
    static TestCertificates.Cert localhostOnly;

    @BeforeAll
    static void makeCertificates(@TempDir Path dir) throws Exception {
        both = TestCertificates.selfSigned(dir, "both", "dns:localhost,ip:127.0.0.1");
        localhostOnly = TestCertificates.selfSigned(dir, "localhost-only", "dns:localhost");
    }

    @Test
    void aClientTrustingTheCertificateConnectsByTheTlsUriAndAMessageMakesTheRoundTrip() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startTls(both.keyStore(), both.password().toCharArray())) {
            assertThat(broker.tlsUri()).isEqualTo("amqps://guest:guest@localhost:" + broker.tlsPort() + "/%2F");
            assertThat(broker.tlsPort()).isNotEqualTo(broker.port());
            assertThat(Files.getPosixFilePermissions(broker.workDir())).as("its config holds the key store password")
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.OWNER_EXECUTE);
            String byIp = broker.tlsUri().replace("@localhost:", "@127.0.0.1:");

            List<String> out = runClient(both.trustStore(), both.password(), broker.tlsUri(), byIp);

            assertThat(out).containsExactly(
                    "OK amqps://guest:****@localhost:" + broker.tlsPort() + "/%2F received=over tls",
                    "OK amqps://guest:****@127.0.0.1:" + broker.tlsPort() + "/%2F received=over tls");
            assertThat(String.join("\n", out)).as("the password is never printed").doesNotContain(":guest@");
        }
    }

    @Test
    void theTlsPortRefusesAPlainAmqpClientAndThePlainPortStillWorks() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startTls(both.keyStore(), both.password().toCharArray())) {
            ConnectionFactory plainToTls = BrokerSettings.of("amqp://guest:guest@127.0.0.1:" + broker.tlsPort() + "/%2F")
                    .connectionFactory();
            plainToTls.setAutomaticRecoveryEnabled(false);
            assertThatThrownBy(plainToTls::newConnection).isInstanceOf(Exception.class);

            try (var c = BrokerSettings.of(broker.uri()).connectionFactory().newConnection()) {
                assertThat(c.isOpen()).isTrue();
            }
        }
    }

    @Test
    void aClientWhoseTrustStoreLacksTheCertificateIsRefusedInTheHandshake() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startTls(both.keyStore(), both.password().toCharArray())) {
            // the JVM's own trust store (cacerts), as a user gets with no option: a self-signed certificate is not in it
            List<String> jdkDefault = runClient(null, null, broker.tlsUri());
            // a trust store holding a different self-signed certificate with the same subject, CN=localhost:
            // the JDK finds it as the would-be issuer and the signature check fails
            List<String> otherCert = runClient(localhostOnly.trustStore(), localhostOnly.password(), broker.tlsUri());

            for (List<String> out : List.of(jdkDefault, otherCert)) {
                assertThat(out).singleElement().asString()
                        .startsWith("FAILED amqps://guest:****@localhost:" + broker.tlsPort())
                        .contains("SSLHandshakeException")
                        .containsPattern("PKIX path (building|validation) failed")
                        .doesNotContain(":guest@");
            }
        }
    }

    @Test
    void aCertificateNamingOnlyLocalhostIsRefusedWhenTheClientConnectsTo127001() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startTls(localhostOnly.keyStore(), localhostOnly.password().toCharArray())) {
            String byIp = broker.tlsUri().replace("@localhost:", "@127.0.0.1:");

            List<String> out = runClient(localhostOnly.trustStore(), localhostOnly.password(), broker.tlsUri(), byIp);

            // same listener, same trusted certificate: only the name the client asked for differs
            assertThat(out).hasSize(2);
            assertThat(out.get(0)).isEqualTo("OK amqps://guest:****@localhost:" + broker.tlsPort() + "/%2F received=over tls");
            assertThat(out.get(1))
                    .startsWith("FAILED amqps://guest:****@127.0.0.1:" + broker.tlsPort())
                    .contains("SSLHandshakeException")
                    .contains("No subject alternative names matching IP address 127.0.0.1");
        }
    }

    @Test
    void aWrongKeyStorePasswordStopsTheStartWithAnErrorThatDoesNotHoldThePassword() {
        String wrong = "not-the-password-" + System.nanoTime();
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> EmbeddedBroker.startTls(both.keyStore(), wrong.toCharArray()).close());
        assertThat(t).isInstanceOf(IllegalStateException.class).hasMessageContaining("AMQPS");
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(wrong).doesNotContain(both.password());
    }

    @Test
    void aMissingKeyStoreIsRejectedBeforeTheBrokerStarts(@TempDir Path dir) {
        assertThatThrownBy(() -> EmbeddedBroker.startTls(dir.resolve("absent.p12"), "x".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absent.p12");
    }

    @Test
    void aPlainBrokerHasNoTlsUri() {
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            assertThatThrownBy(broker::tlsUri).isInstanceOf(IllegalStateException.class).hasMessageContaining("startTls");
        }
    }

    /**
     * Runs {@link TlsClientMain} in a new JVM with the given trust store (none: the JDK's default) and returns
     * its result lines.
     */
    private static List<String> runClient(Path trustStore, String trustStorePassword, String... uris)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (trustStore != null) {
            cmd.add("-Djavax.net.ssl.trustStore=" + trustStore);
            cmd.add("-Djavax.net.ssl.trustStorePassword=" + trustStorePassword);
            cmd.add("-Djavax.net.ssl.trustStoreType=PKCS12");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(TlsClientMain.class.getName());
        cmd.addAll(List.of(uris));
        Path log = Files.createTempFile("tls-client-", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("TLS client JVM did not finish:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            String all = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(all).isZero();
            return all.lines().filter(l -> l.startsWith("OK ") || l.startsWith("FAILED ")).toList();
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
