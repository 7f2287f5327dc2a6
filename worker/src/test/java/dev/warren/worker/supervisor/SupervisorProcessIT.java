package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.testing.TestBroker;
import dev.warren.testing.TcpProxy;
import dev.warren.testing.WorkerPool;
import dev.warren.testing.WorkerProcess;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The supervisor as operators run it: a real JVM ({@link Main}) with real child JVMs ({@link ChildMain}) and a real broker. */
class SupervisorProcessIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String queue = TestBroker.uniqueQueue("it.supervisor");
    private WorkerProcess supervisor;

    private Map<String, String> env(String brokerUri) {
        return Map.of("WARREN_BROKER_URI", brokerUri, "WARREN_QUEUE", queue, "WARREN_CHILDREN", "2",
                "WARREN_DRAIN_TIMEOUT", "20s");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (supervisor != null) supervisor.close();
        TestBroker.get().deleteTaskQueue(queue);
    }

    private void dumpOnFailure(Throwable t) {
        System.out.println("---- supervisor output\n" + supervisor.output());
    }

    @Test
    void aSupervisorRunsTwoChildJvmsAnswersItsEndpointsAndExitsZeroOnSigtermWithItsChildrenGone() throws Throwable {
        supervisor = WorkerProcess.builder().env(env(TestBroker.get().uri())).launch();
        try {
            await().atMost(WAIT).until(() -> supervisor.readinessStatus() == 200);
            await().atMost(WAIT).until(() -> supervisor.pool().consuming() == 2
                    && supervisor.pool().children().stream().anyMatch(c -> c.state().equals("spare")));

            WorkerPool pool = supervisor.pool();
            assertThat(pool.state()).isEqualTo("running");
            Set<Long> pids = new HashSet<>();
            pool.children().forEach(c -> {
                assertThat(c.id()).startsWith("child-");
                // two slots consuming and the warm spare beside them (WARREN_SPARE_CHILDREN defaults to 1)
                assertThat(c.state()).isEqualTo(c.slot() >= 0 ? "consuming" : "spare");
                assertThat(c.tasksDone()).isZero();
                pids.add(c.pid());
            });
            assertThat(pids).hasSize(3).isEqualTo(supervisor.childPids());
            assertThat(supervisor.get("/health/liveness").statusCode()).isEqualTo(200);
            String metrics = supervisor.prometheus();
            assertThat(metrics).containsPattern("(?m)^warren_children_alive(\\{[^}]*\\})? 3\\.0$") // two slots and the spare
                    .containsPattern("(?m)^warren_tasks_in_flight(\\{[^}]*\\})? 0\\.0$")
                    .containsPattern("(?m)^warren_build_info\\{component=\"supervisor\",java_version=\""
                            + java.util.regex.Pattern.quote(System.getProperty("java.version")) + "\",version=\"[^\"]+\"\\} 1(\\.0)?$");

            supervisor.sigterm();

            assertThat(supervisor.awaitExit(WAIT)).as("exit status within %s", WAIT).hasValue(0);
            assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
            assertThat(supervisor.output()).contains("drained");
        } catch (Throwable t) {
            dumpOnFailure(t);
            throw t;
        }
    }

    @Test
    void theChildrenOfAKilledSupervisorExitOnTheirOwn() throws Throwable {
        supervisor = WorkerProcess.builder().env(env(TestBroker.get().uri())).launch();
        try {
            await().atMost(WAIT).until(() -> supervisor.readinessStatus() == 200);
            await().atMost(WAIT).until(() -> supervisor.childPids().size() == 3); // with the spare
            Set<ProcessHandle> children = new HashSet<>();
            supervisor.handle().children().forEach(children::add);

            supervisor.kill(); // SIGKILL: nobody tells the children

            await().atMost(WAIT).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        } catch (Throwable t) {
            dumpOnFailure(t);
            throw t;
        }
    }

    @Test
    void aSupervisorStartedBeforeItsBrokerIsNotReadyRetriesAndBecomesReadyWhenTheBrokerAppears() throws Throwable {
        URI broker = URI.create(TestBroker.get().uri());
        int port = TcpProxy.freePort();
        String viaForwarder = new URI(broker.getScheme(), broker.getRawUserInfo(), "127.0.0.1", port,
                broker.getRawPath(), null, null).toString();
        supervisor = WorkerProcess.builder().env(env(viaForwarder)).launch();
        try {
            await().atMost(WAIT).until(() -> supervisor.readinessStatus() == 503);
            await().atMost(WAIT).until(() -> supervisor.output().contains("set WARREN_BROKER_URI or start with --embedded-broker"));
            assertThat(supervisor.output()).contains("127.0.0.1:" + port);
            if (broker.getRawUserInfo() != null && broker.getRawUserInfo().contains(":")) {
                assertThat(supervisor.output()).doesNotContain(broker.getRawUserInfo());
            }
            assertThat(supervisor.pool().state()).isEqualTo("connecting");
            assertThat(supervisor.childPids()).isEmpty();

            try (TcpProxy ignored = new TcpProxy(port, broker.getHost(),
                    broker.getPort() < 0 ? 5672 : broker.getPort())) {
                await().atMost(WAIT).until(() -> supervisor.readinessStatus() == 200);
                assertThat(supervisor.childPids()).hasSize(3); // 2 slots + the spare
                supervisor.sigterm();
                assertThat(supervisor.awaitExit(WAIT)).as("exit status within %s", WAIT).hasValue(0);
            }
        } catch (Throwable t) {
            dumpOnFailure(t);
            throw t;
        }
    }
}
