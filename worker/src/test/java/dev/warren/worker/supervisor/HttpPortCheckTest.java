package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The HTTP port check binds the port for real: a port another socket holds is reported in one line. */
class HttpPortCheckTest {
    @Test void aPortHeldByAnotherSocketIsReportedWithThePortAndTheVariable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThat(HttpPortCheck.problem(taken.getLocalPort(), null)).hasValueSatisfying(line -> assertThat(line)
                    .startsWith("HTTP port " + taken.getLocalPort() + " is already in use").contains("WARREN_HTTP_PORT")
                    .doesNotContain("\n"));
        }
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(HttpPortCheck.problem(taken.getLocalPort(), "127.0.0.1")).isPresent();
            assertThat(HttpPortCheck.problem(taken.getLocalPort(), null)).as("every interface includes loopback").isPresent();
        }
    }

    @Test void aFreePortAndAnyFreePortPass() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(HttpPortCheck.problem(port, null)).isEmpty();
        assertThat(HttpPortCheck.problem(0, null)).isEmpty();
        assertThat(HttpPortCheck.problem(-1, null)).isEmpty();
    }
}
