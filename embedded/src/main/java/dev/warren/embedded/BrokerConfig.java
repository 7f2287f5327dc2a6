package dev.warren.embedded;

/**
 * The initial configuration of the embedded Qpid broker, as Qpid's JSON model: one in-memory
 * virtual host node and host, one AMQP port on loopback, a PLAIN user guest/guest, no logger
 * objects (Qpid logs through SLF4J to the application's backend) and no HTTP management.
 */
final class BrokerConfig {
    /** Name of the one virtual host (and its node). The AMQP port maps {@code /} and {@code ""} to it too. */
    static final String VIRTUAL_HOST = "default";
    static final String USER = "guest";
    static final String PASSWORD = "guest";
    static final String BIND_ADDRESS = "127.0.0.1";

    private BrokerConfig() {}

    /**
     * @param port the AMQP port; 0 lets the OS choose a free one (read back with the port's bound port)
     */
    static String json(int port) {
        // secureOnlyMechanisms: [] because Qpid refuses PLAIN on a non-TLS port by default, and PLAIN is
        // what every AMQP 0-9-1 client (amqp-client, pika) offers. Loopback only, so no secret crosses a wire.
        // defaultAlias maps the vhost "/" (which Qpid reads as "") to the default node, nameAlias maps "default".
        return """
                {
                  "name": "warren-embedded",
                  "modelVersion": "9.1",
                  "authenticationproviders": [ {
                    "name": "plain", "type": "Plain", "secureOnlyMechanisms": [],
                    "users": [ { "name": "%s", "type": "managed", "password": "%s" } ]
                  } ],
                  "ports": [ {
                    "name": "AMQP", "type": "AMQP", "port": %d, "bindingAddress": "%s",
                    "authenticationProvider": "plain",
                    "virtualhostaliases": [
                      { "name": "nameAlias", "type": "nameAlias" },
                      { "name": "defaultAlias", "type": "defaultAlias" }
                    ]
                  } ],
                  "virtualhostnodes": [ {
                    "name": "%s", "type": "Memory", "defaultVirtualHostNode": "true",
                    "virtualHostInitialConfiguration": "{\\"type\\": \\"Memory\\"}"
                  } ]
                }
                """.formatted(USER, PASSWORD, port, BIND_ADDRESS, VIRTUAL_HOST);
    }
}
