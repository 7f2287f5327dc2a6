package dev.warren.worker.child;

import dev.warren.worker.TaskRegistry;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;
import dev.warren.common.BrokerSettings;
import dev.warren.common.internal.Decoded;
import dev.warren.common.internal.Json;
import dev.warren.common.internal.ReplyEnvelope;
import dev.warren.common.internal.TaskEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code ChildMain --cds-training}: exercises the classes a child loads (registry, codec, Jackson,
 * amqp-client, logging, a task) without a broker, so {@code -XX:ArchiveClassesAtExit} captures
 * them in an AppCDS archive and children start faster.
 */
final class ChildTraining {
    private static final String TRAINING_TASK = "cube";

    private ChildTraining() {}

    static void run() throws Exception {
        TaskRegistry registry = TaskRegistry.load(ChildTraining.class.getClassLoader());
        ConnectionFactory f = BrokerSettings.of(BrokerSettings.DEFAULT_URI).connectionFactory();
        f.setAutomaticRecoveryEnabled(false);
        // the example catalogue's cube when it is on the class path (the worker jar); else only the codecs
        Optional<TaskRegistry.Entry<?, ?>> cube = registry.find(TRAINING_TASK);
        TaskEnvelope env = new TaskEnvelope("training", TRAINING_TASK, "warren.reply.training", 0, 1, 0,
                cube.map(e -> e.type().inputTypeName()).orElse(null), null, null, null, true, System.currentTimeMillis(),
                "3".getBytes(StandardCharsets.UTF_8));
        AMQP.BasicProperties props = env.toProperties();
        Decoded d = TaskEnvelope.decode(props, env.body(), 1 << 20, System.currentTimeMillis());
        ChildRunner runner = new ChildRunner(1000, 1 << 20);
        byte[] body = "27".getBytes(StandardCharsets.UTF_8);
        if (cube.isPresent()) {
            ChildRunner.Outcome o = runner.run(cube.get(), (TaskEnvelope) d, new ChildTaskContext("training", TRAINING_TASK,
                    1, Optional.empty(), "training", 0, Optional.empty(), new ChildProgress("training", 1, null)), () -> { });
            if (o instanceof ChildRunner.Ok ok) body = ok.body();
        }
        ReplyEnvelope.decode(new ReplyEnvelope("training", true, 1, null, null, null, true, body).toProperties(), body);
        Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(java.util.Map.of("ev", List.of(1, "ready"))));
        org.slf4j.LoggerFactory.getLogger(ChildTraining.class).debug("cds training done: {}", registry.names());
    }
}
