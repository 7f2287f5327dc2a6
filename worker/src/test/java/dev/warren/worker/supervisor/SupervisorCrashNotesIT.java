package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.warren.common.Protocol;
import dev.warren.common.internal.Json;
import dev.warren.common.internal.Topology;
import dev.warren.testing.TestBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SupervisorCrashNotesIT {
    @Test
    void aChildThatDiesRunningATaskIsReportedOnTheControlExchangeAndAnOrderlyExitIsNot() throws Exception {
        String queue = TestBroker.uniqueQueue("it.crashnotes");
        String exchange = queue + Protocol.CONTROL_SUFFIX;
        try (Connection c = TestBroker.get().settings().connectionFactory().newConnection("it-crash-notes")) {
            new Topology(c).declareControlExchange(queue);
            Channel ch = c.createChannel();
            String listener = ch.queueDeclare().getQueue();
            ch.queueBind(listener, exchange, "");
            SupervisorCrashNotes notes = new SupervisorCrashNotes(c, queue);

            notes.childExited(new PoolExit("child-1", 11, 0, null, PoolExitCause.RECYCLE, "t-recycled", "cube",
                    Duration.ofSeconds(9), List.of(), false));
            notes.childExited(new PoolExit("child-2", 22, 137, "KILL", PoolExitCause.CRASH, "t-crashed", "crash",
                    Duration.ofSeconds(9), List.of("about to halt"), true));

            AtomicReference<GetResponse> got = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                got.set(ch.basicGet(listener, true));
                return got.get() != null;
            });
            GetResponse r = got.get();
            assertThat(r.getProps().getType()).isEqualTo("crash");
            assertThat(r.getProps().getContentType()).isEqualTo("application/json");
            JsonNode note = Json.MAPPER.readTree(r.getBody());
            assertThat(note.path("op").asText()).isEqualTo("crash");
            assertThat(note.path("id").asText()).isEqualTo("t-crashed");
            assertThat(note.path("child").asText()).isEqualTo("child-2");
            assertThat(note.path("pid").asLong()).isEqualTo(22);
            assertThat(note.path("exit").asInt()).isEqualTo(137);
            assertThat(note.path("signal").asText()).isEqualTo("KILL");
            assertThat(note.path("cause").asText()).isEqualTo("crash");
            assertThat(note.path("stderr").asText()).isEqualTo("about to halt");
            assertThat(ch.basicGet(listener, true)).as("the recycled child's exit is no crash").isNull();
            ch.exchangeDelete(exchange);
        }
    }
}
