package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.ExitCode;
import dev.warren.testing.WorkerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real supervisor JVM with a bad setting, or a taken HTTP port, stops at once: one line, the documented exit status,
 * no child started and nothing connected. "Nothing connected" is seen by the broker it was given: a listening socket
 * of this test that records every TCP connection (a real supervisor with good settings does connect to it).
 */
class SettingsAtStartIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private ServerSocket broker;
    private WorkerProcess supervisor;

    @BeforeEach
    void listen() throws IOException {
        broker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (supervisor != null) supervisor.close();
        broker.close();
    }

    private String brokerUri() { return "amqp://guest:guest@127.0.0.1:" + broker.getLocalPort() + "/%2F"; }

    /** Whether anything connected to the fake broker (a connection waits in its backlog until accepted). */
    private boolean somethingConnected(Duration within) throws IOException {
        broker.setSoTimeout((int) Math.max(1, within.toMillis()));
        try (Socket s = broker.accept()) {
            return s != null;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private List<String> lines() { return supervisor.output().lines().filter(l -> !l.isBlank()).toList(); }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "WARREN_CHILDREN | 0 | WARREN_CHILDREN=0 (warren.children) is refused: use a whole number from 1 to 1024",
            "WARREN_PREFETCH | 0 | WARREN_PREFETCH=0 (warren.prefetch) is refused: use a whole number from 1 to 65535",
            "WARREN_QUEUE_TYPE | fast | WARREN_QUEUE_TYPE=fast (warren.queue-type) is refused: use quorum or classic (any case)",
            "WARREN_MAX_TASKS_PER_CHILD | -1 | WARREN_MAX_TASKS_PER_CHILD=-1 (warren.max-tasks-per-child) is refused: use a whole number of at least 0",
            "WARREN_DRAIN_TIMEOUT | soon | WARREN_DRAIN_TIMEOUT=soon (warren.drain-timeout) is refused: use a duration of at least 1 s such as 90s, 500ms, 5m, 1h or PT90S",
    })
    void aBadSettingExits78WithOneLineBeforeAnyChildOrConnection(String variable, String value, String line)
            throws Exception {
        supervisor = WorkerProcess.builder().env(Map.of("WARREN_BROKER_URI", brokerUri(), "WARREN_CHILDREN", "1"))
                .env(variable, value).launch();

        assertThat(supervisor.awaitExit(WAIT)).as("exit status").hasValue(ExitCode.BAD_SETTING.code());
        assertThat(lines()).containsExactly(line);
        assertThat(somethingConnected(Duration.ofMillis(1))).as("a connection to the broker").isFalse();
    }

    @Test
    void aMalformedBrokerUriExits78WithOneLineNamingTheVariableAndNoPassword() {
        supervisor = WorkerProcess.builder().env(Map.of("WARREN_BROKER_URI", "amqp://guest:s3cret@127.0.0.1:port/",
                "WARREN_CHILDREN", "1")).launch();

        assertThat(supervisor.awaitExit(WAIT)).as("exit status").hasValue(ExitCode.BAD_SETTING.code());
        assertThat(lines()).singleElement().satisfies(l -> assertThat(l).startsWith("WARREN_BROKER_URI (warren.broker-uri)")
                .contains("port").doesNotContain("s3cret"));
    }

    @Test
    void aTakenHttpPortExits77WithOneLineNamingThePortBeforeAnyChildOrConnection() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            supervisor = WorkerProcess.builder().env(Map.of("WARREN_BROKER_URI", brokerUri(), "WARREN_CHILDREN", "1"))
                    .httpPort(taken.getLocalPort()).launch();

            assertThat(supervisor.awaitExit(WAIT)).as("exit status").hasValue(ExitCode.PORT_IN_USE.code());
            assertThat(lines()).singleElement().satisfies(l -> assertThat(l)
                    .startsWith("HTTP port " + taken.getLocalPort() + " is already in use").contains("WARREN_HTTP_PORT"));
            assertThat(somethingConnected(Duration.ofMillis(1))).as("a connection to the broker").isFalse();
        }
    }

    @Test
    void withGoodSettingsTheSameSupervisorDoesConnectToTheFakeBroker() throws Exception {
        supervisor = WorkerProcess.builder().env(Map.of("WARREN_BROKER_URI", brokerUri(), "WARREN_CHILDREN", "1",
                "WARREN_SOFT_TIME_LIMIT", "0")).launch();

        assertThat(somethingConnected(WAIT)).as("a connection to the broker within %s", WAIT).isTrue();
        assertThat(supervisor.isAlive()).isTrue();
    }
}
