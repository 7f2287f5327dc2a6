package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.Protocol;
import dev.warren.common.QueueType;
import dev.warren.testing.TestBroker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code warren-worker-info: 0} (docs/protocol.md 2.2), sent to a real child with a plain AMQP client: its ok
 * replies leave out the five worker headers, its error replies keep them, and a task without the header gets
 * them as always.
 */
class WorkerInfoIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String[] WORKER_HEADERS = {Protocol.H_HOST, Protocol.H_PID, Protocol.H_CHILD, Protocol.H_STARTED,
        Protocol.H_FINISHED};
    static WireClient wire;
    static TestChild child;

    @BeforeAll static void start() throws Exception {
        wire = new WireClient(TestBroker.get().uri(), TestBroker.uniqueQueue("worker-info-it"));
        child = TestChild.start(new ChildConfig("child-w", TestBroker.get().uri(), wire.queue, QueueType.CLASSIC, 1, 0, 0,
                30_000, 1 << 20, 3, null, null, 0));
        child.await("ready", WAIT);
    }

    @AfterAll static void stop() throws Exception {
        child.close();
        wire.close();
    }

    private static String publish(String task, String body, Object workerInfo) throws Exception {
        var props = wire.task(task);
        Map<String, Object> h = new HashMap<>(props.build().getHeaders());
        if (workerInfo != null) h.put(Protocol.H_WORKER_INFO, workerInfo);
        return wire.publish(props.headers(h).build(), body);
    }

    @Test void anOkReplyLeavesTheWorkerHeadersOutWhenTheProducerSaysItDoesNotReadThem() throws Exception {
        WireClient.Message quiet = wire.awaitReply(publish("cube", "3", 0), WAIT);
        assertThat(quiet.body()).isEqualTo("27");
        assertThat(quiet.header(Protocol.H_STATUS).toString()).isEqualTo(Protocol.STATUS_OK);
        for (String h : WORKER_HEADERS) assertThat(quiet.header(h)).as(h).isNull();
        assertThat(quiet.header(Protocol.H_ATTEMPT)).as("the required headers stay").isNotNull();

        WireClient.Message usual = wire.awaitReply(publish("cube", "4", null), WAIT);
        assertThat(usual.body()).isEqualTo("64");
        for (String h : WORKER_HEADERS) assertThat(usual.header(h)).as(h).isNotNull();
        assertThat(usual.header(Protocol.H_CHILD).toString()).isEqualTo("child-w");
    }

    @Test void anErrorReplyAlwaysSaysWhereItRan() throws Exception {
        WireClient.Message failed = wire.awaitReply(publish("no-such-task", "1", 0), WAIT);
        assertThat(failed.header(Protocol.H_STATUS).toString()).isEqualTo(Protocol.STATUS_ERROR);
        for (String h : WORKER_HEADERS) assertThat(failed.header(h)).as(h).isNotNull();
    }
}
