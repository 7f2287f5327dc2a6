package dev.warren.worker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;
import dev.warren.common.BrokerSettings;
import dev.warren.common.internal.Decoded;
import dev.warren.common.internal.Json;
import dev.warren.common.internal.ReplyEnvelope;
import dev.warren.common.internal.TaskEnvelope;
import dev.warren.examples.Examples;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code ChildMain --cds-training}: exercises the classes a child loads (registry, codec, Jackson,
 * amqp-client, logging, a task) without a broker, so {@code -XX:ArchiveClassesAtExit} captures
 * them in an AppCDS archive and children start faster.
 */
final class ChildTraining {
    private ChildTraining() {}

    static void run() throws Exception {
        TaskRegistry registry = TaskRegistry.load(ChildTraining.class.getClassLoader());
        ConnectionFactory f = BrokerSettings.of(BrokerSettings.DEFAULT_URI).connectionFactory();
        f.setAutomaticRecoveryEnabled(false);
        TaskEnvelope env = new TaskEnvelope("training", Examples.CUBE.name(), "warren.reply.training", 0, 1, 0,
                Examples.CUBE.inputTypeName(), null, null, null, true, System.currentTimeMillis(),
                "3".getBytes(StandardCharsets.UTF_8));
        AMQP.BasicProperties props = env.toProperties();
        Decoded d = TaskEnvelope.decode(props, env.body(), 1 << 20, System.currentTimeMillis());
        ChildRunner runner = new ChildRunner(1000, 1 << 20);
        ChildRunner.Outcome o = runner.run(registry.find(Examples.CUBE.name()).orElseThrow(), (TaskEnvelope) d,
                new ChildTaskContext("training", "cube", 1, Optional.empty(), "training", 0, Optional.empty()), () -> { });
        byte[] body = o instanceof ChildRunner.Ok ok ? ok.body() : new byte[0];
        ReplyEnvelope.decode(new ReplyEnvelope("training", true, 1, null, null, null, true, body).toProperties(), body);
        Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(java.util.Map.of("ev", List.of(1, "ready"))));
        org.slf4j.LoggerFactory.getLogger(ChildTraining.class).debug("cds training done: {}", registry.names());
    }
}
