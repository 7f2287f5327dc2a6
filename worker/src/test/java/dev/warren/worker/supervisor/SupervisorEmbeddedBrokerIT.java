package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code --embedded-broker}: the supervisor starts its own in-process broker and ignores WARREN_BROKER_URI. */
class SupervisorEmbeddedBrokerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private SupervisorProcess supervisor;

    @AfterEach
    void cleanUp() throws Exception {
        if (supervisor != null) supervisor.close();
    }

    @Test
    void withTheEmbeddedBrokerFlagTheSupervisorNeedsNoExternalBroker() throws Throwable {
        supervisor = SupervisorProcess.start(Map.of("WARREN_CHILDREN", "1", "WARREN_BROKER_URI", "amqp://nobody:x@127.0.0.1:1/%2F"),
                Main.EMBEDDED_FLAG);
        try {
            await().atMost(WAIT).until(() -> supervisor.readiness() == 200);
            assertThat(supervisor.pool().path("consuming").asInt()).isEqualTo(1);

            supervisor.process.destroy();

            assertThat(supervisor.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(supervisor.process.exitValue()).isZero();
        } catch (Throwable t) {
            System.out.println("---- supervisor output\n" + supervisor.output());
            throw t;
        }
    }
}
