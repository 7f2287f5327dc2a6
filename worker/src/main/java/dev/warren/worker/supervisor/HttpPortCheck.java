package dev.warren.worker.supervisor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/**
 * Whether the supervisor's HTTP port is free, asked before anything starts: a second supervisor on a host where the
 * port is taken must say so in one line and exit {@link dev.warren.common.ExitCode#PORT_IN_USE}, not start its children
 * and then die of Netty's bind error. The port is bound and released at once, on the address Micronaut binds
 * ({@code micronaut.server.host}, else every interface). A process that takes the port between this check and
 * Micronaut's bind still makes the start fail, but no child is started then either: the supervisor starts its pool
 * only once the server is up ({@link Supervisor}).
 */
final class HttpPortCheck {
    private HttpPortCheck() {}

    /**
     * @param port the port Micronaut will bind ({@code micronaut.server.port}); 0 or -1 (any free port) are not checked
     * @param host the address it binds, or null for every interface
     * @return the one line that says the port is taken, or empty when it is free
     */
    static Optional<String> problem(int port, String host) {
        if (port <= 0) return Optional.empty();
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Netty: a port whose last connections linger in TIME_WAIT is free
            probe.bind(host == null || host.isBlank() ? new InetSocketAddress(port) : new InetSocketAddress(host, port));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("HTTP port " + port + (host == null || host.isBlank() ? "" : " on " + host)
                    + " is already in use (" + e.getMessage() + "): stop the process that listens there or set "
                    + "WARREN_HTTP_PORT (warren.http-port) to a free port");
        }
    }
}
