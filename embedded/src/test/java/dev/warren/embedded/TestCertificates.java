package dev.warren.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed server certificates made at test time with the JDK's {@code keytool}; nothing is checked in.
 * Each has a PKCS12 key store (the broker's key and certificate) and a separate PKCS12 trust store holding
 * only the certificate (what a client is given). Passwords are random and reach keytool through its
 * environment, never its command line.
 */
final class TestCertificates {
    /** A key pair and its trust store; {@code password} opens both. */
    record Cert(Path keyStore, Path trustStore, String password) {
        @Override public String toString() { return "Cert[" + keyStore + ", " + trustStore + ", password=****]"; }
    }

    private TestCertificates() {}

    /**
     * @param dir  where the stores go
     * @param name file name prefix
     * @param san  the subjectAltName extension, e.g. {@code dns:localhost,ip:127.0.0.1}
     */
    static Cert selfSigned(Path dir, String name, String san) throws IOException, InterruptedException {
        String password = UUID.randomUUID().toString();
        Path keyStore = dir.resolve(name + "-key.p12");
        Path certFile = dir.resolve(name + ".pem");
        Path trustStore = dir.resolve(name + "-trust.p12");
        keytool(password, "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=" + san, "-validity", "2",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass:env", "KS_PASS");
        keytool(password, "-exportcert", "-rfc", "-alias", "broker", "-file", certFile.toString(),
                "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass:env", "KS_PASS");
        keytool(password, "-importcert", "-noprompt", "-alias", "broker", "-file", certFile.toString(),
                "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass:env", "KS_PASS");
        return new Cert(keyStore, trustStore, password);
    }

    private static void keytool(String password, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("keytool-", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("KS_PASS", password);
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool did not finish: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed (" + p.exitValue() + "): " + cmd + "\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
