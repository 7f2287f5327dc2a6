package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.testing.WorkerProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code --embedded-broker}: the supervisor starts its own in-process broker and ignores WARREN_BROKER_URI. */
class SupervisorEmbeddedBrokerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private WorkerProcess supervisor;

    @AfterEach
    void cleanUp() {
        if (supervisor != null) supervisor.close();
    }

    @Test
    void withTheEmbeddedBrokerFlagTheSupervisorNeedsNoExternalBroker() throws Throwable {
        supervisor = WorkerProcess.builder().env(Map.of("WARREN_CHILDREN", "1", "WARREN_BROKER_URI", "amqp://nobody:x@127.0.0.1:1/%2F"))
                .args(Main.EMBEDDED_FLAG).launch();
        try {
            await().atMost(WAIT).until(() -> supervisor.readinessStatus() == 200);
            assertThat(supervisor.pool().consuming()).isEqualTo(1);

            supervisor.sigterm();

            assertThat(supervisor.awaitExit(WAIT)).as("exit status within %s", WAIT).hasValue(0);
        } catch (Throwable t) {
            System.out.println("---- supervisor output\n" + supervisor.output());
            throw t;
        }
    }
}
