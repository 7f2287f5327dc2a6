package dev.warren.producer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.warren.common.BrokerSettings;
import dev.warren.common.Protocol;
import dev.warren.common.TaskError;
import dev.warren.common.WorkerInfo;
import dev.warren.common.internal.Decoded;
import dev.warren.common.internal.Json;
import dev.warren.common.internal.Malformed;
import dev.warren.common.internal.ReplyEnvelope;
import dev.warren.common.internal.TaskEnvelope;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake worker written directly on amqp-client: consumes the task queue and replies exactly like
 * a warren child would (ReplyEnvelope with WorkerInfo headers), following a script per task.
 */
final class ScriptedResponder implements AutoCloseable {
    /** What to do with a task; reply now, later (keep it), twice, or never. */
    interface Script { void handle(TaskEnvelope task, ScriptedResponder r) throws Exception; }

    /** A received task with its raw AMQP properties. */
    record Received(TaskEnvelope task, AMQP.BasicProperties props) {}

    static final String HOST = "test-host";
    static final String CHILD = "child-1";

    private final Connection connection;
    private final Channel channel;
    final List<Received> received = new CopyOnWriteArrayList<>();
    /** The properties of every delivery, also those refused as malformed (a task past its deadline, say). */
    final List<AMQP.BasicProperties> deliveries = new CopyOnWriteArrayList<>();

    private ScriptedResponder(BrokerSettings broker, String queue, Script script) throws Exception {
        connection = broker.connectionFactory().newConnection("scripted-responder");
        channel = connection.createChannel();
        channel.confirmSelect();
        channel.basicQos(500);
        channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            @Override public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] body)
                    throws IOException {
                deliveries.add(p);
                Decoded d = TaskEnvelope.decode(p, body, Protocol.DEFAULT_MAX_BODY_BYTES, System.currentTimeMillis());
                try {
                    if (d instanceof TaskEnvelope t) {
                        received.add(new Received(t, p));
                        script.handle(t, ScriptedResponder.this);
                    } else if (d instanceof Malformed m && m.replyTo() != null) {
                        publish(m.replyTo(), ReplyEnvelope.error(m.taskId(), TaskError.of(m.type(), m.detail(), 1),
                                worker(), null, null, true));
                    }
                } catch (Exception e) {
                    throw new IOException(e);
                } finally {
                    channel.basicAck(env.getDeliveryTag(), false);
                }
            }
        });
    }

    static ScriptedResponder start(BrokerSettings broker, String queue, Script script) throws Exception {
        return new ScriptedResponder(broker, queue, script);
    }

    /** Computes like the example tasks: cube, echo, noop, and fail (throws); chunks are arrays. */
    static Script compute() {
        return (t, r) -> r.answer(t);
    }

    static WorkerInfo worker() {
        long now = System.currentTimeMillis();
        return new WorkerInfo(HOST, ProcessHandle.current().pid(), CHILD, now, now);
    }

    /** Replies with the computed answer. */
    void answer(TaskEnvelope t) throws IOException {
        JsonNode in = Json.MAPPER.readTree(t.body());
        if (t.task().equals("fail")) {
            failWith(t, new IllegalStateException(in.asText()));
            return;
        }
        JsonNode out;
        if (t.chunk() > 0) {
            ArrayNode arr = Json.MAPPER.createArrayNode();
            for (JsonNode x : in) arr.add(compute(t.task(), x));
            out = arr;
        } else {
            out = compute(t.task(), in);
        }
        replyRaw(t, true, Json.MAPPER.writeValueAsBytes(out));
    }

    private static JsonNode compute(String task, JsonNode x) {
        if (task.equals("cube")) return Json.MAPPER.getNodeFactory().numberNode(x.asLong() * x.asLong() * x.asLong());
        return x;
    }

    void reply(TaskEnvelope t, Object output) throws IOException {
        replyRaw(t, true, Json.MAPPER.writeValueAsBytes(output));
    }

    void failWith(TaskEnvelope t, Throwable e) throws IOException {
        StringWriter sw = new StringWriter();
        e.printStackTrace(new PrintWriter(sw));
        publish(t.replyTo(), ReplyEnvelope.error(t.taskId(), new TaskError(e.getClass().getName(), e.getMessage(),
                sw.toString(), t.attempt(), true), worker(), t.traceparent(), t.tracestate(), true));
    }

    void replyRaw(TaskEnvelope t, boolean ok, byte[] body) throws IOException {
        publish(t.replyTo(), new ReplyEnvelope(t.taskId(), ok, t.attempt(), worker(), t.traceparent(), t.tracestate(),
                true, body));
    }

    private void publish(String replyTo, ReplyEnvelope reply) throws IOException {
        synchronized (channel) {
            channel.basicPublish("", replyTo, reply.toProperties(), reply.body());
        }
    }

    @Override public void close() throws Exception {
        connection.close();
    }
}
