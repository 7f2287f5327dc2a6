package dev.warren.embedded;

import java.nio.file.Path;

/**
 * The initial configuration of the embedded Qpid broker, as Qpid's JSON model: one in-memory
 * virtual host node and host, one AMQP port on loopback, optionally a second AMQPS (TLS) port with
 * its key store, a PLAIN user guest/guest, no logger objects (Qpid logs through SLF4J to the
 * application's backend) and no HTTP management.
 */
final class BrokerConfig {
    /** Name of the one virtual host (and its node). The AMQP port maps {@code /} and {@code ""} to it too. */
    static final String VIRTUAL_HOST = "default";
    static final String USER = "guest";
    static final String PASSWORD = "guest";
    static final String BIND_ADDRESS = "127.0.0.1";
    /** Names of the ports in the model; {@link EmbeddedBroker} reads their bound ports back by name. */
    static final String AMQP_PORT = "AMQP";
    static final String AMQPS_PORT = "AMQPS";
    private static final String KEY_STORE = "warrenKeyStore";

    private BrokerConfig() {}

    /** The TLS listener: a key store file (PKCS12 or JKS) holding the server's key and certificate. */
    record Tls(int port, Path keyStore, String password) {
        @Override public String toString() { return "Tls[port=" + port + ", keyStore=" + keyStore + ", password=****]"; }
    }

    /**
     * @param port the AMQP port; 0 lets the OS choose a free one (read back with the port's bound port)
     * @param tls  the TLS listener, or null for none
     */
    static String json(int port, Tls tls) {
        // secureOnlyMechanisms: [] because Qpid refuses PLAIN on a non-TLS port by default, and PLAIN is
        // what every AMQP 0-9-1 client (amqp-client, pika) offers. Loopback only, so no secret crosses a wire.
        // defaultAlias maps the vhost "/" (which Qpid reads as "") to the default node, nameAlias maps "default".
        String keyStores = tls == null ? "" : """
                  "keystores": [ {
                    "name": "%s", "type": "FileKeyStore", "storeUrl": "%s", "password": "%s"
                  } ],
                """.formatted(KEY_STORE, quote(tls.keyStore().toAbsolutePath().toString()), quote(tls.password()));
        String tlsPort = tls == null ? "" : ",\n" + port(AMQPS_PORT, tls.port(),
                "\"transports\": [\"SSL\"], \"keyStore\": \"" + KEY_STORE + "\",");
        return """
                {
                  "name": "warren-embedded",
                  "modelVersion": "9.1",
                  "authenticationproviders": [ {
                    "name": "plain", "type": "Plain", "secureOnlyMechanisms": [],
                    "users": [ { "name": "%s", "type": "managed", "password": "%s" } ]
                  } ],
                %s  "ports": [ %s%s ],
                  "virtualhostnodes": [ {
                    "name": "%s", "type": "Memory", "defaultVirtualHostNode": "true",
                    "virtualHostInitialConfiguration": "{\\"type\\": \\"Memory\\"}"
                  } ]
                }
                """.formatted(USER, PASSWORD, keyStores, port(AMQP_PORT, port, ""), tlsPort, VIRTUAL_HOST);
    }

    private static String port(String name, int port, String extra) {
        return """
                {
                    "name": "%s", "type": "AMQP", "port": %d, "bindingAddress": "%s", %s
                    "authenticationProvider": "plain",
                    "virtualhostaliases": [
                      { "name": "nameAlias", "type": "nameAlias" },
                      { "name": "defaultAlias", "type": "defaultAlias" }
                    ]
                  }""".formatted(name, port, BIND_ADDRESS, extra);
    }

    /** The text as the inside of a JSON string. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }
}
