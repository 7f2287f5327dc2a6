package dev.warren.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import dev.warren.common.Protocol;
import dev.warren.common.QueueType;
import dev.warren.common.WorkerInfo;
import dev.warren.common.internal.Decoded;
import dev.warren.common.internal.ReplyEnvelope;
import dev.warren.common.internal.TaskEnvelope;
import dev.warren.common.internal.Topology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * warren's protocol end to end on the embedded broker with raw amqp-client: a task is published confirmed,
 * its first consumer dies without acking, the redelivery is re-published with attempt 2 (attempts are
 * counted in a header because Qpid has no x-delivery-count), and the reply reaches the reply queue.
 */
class QpidTaskRoundTripIT extends QpidFixture {
    private static final int MAX = Protocol.DEFAULT_MAX_BODY_BYTES;

    @Test
    void aTaskWhoseFirstConsumerDiesIsRepublishedWithAttemptTwoAndAnswered() throws Exception {
        String queue = unique("it.tasks");
        String reply = Protocol.REPLY_PREFIX + unique("it");
        try (Connection c = connect()) {
            Topology topology = new Topology(c);
            topology.declareTaskQueue(queue, QueueType.QUORUM);
            topology.declareReplyQueue(reply, Duration.ofMinutes(5));

            // producer: persistent, mandatory, confirmed
            TaskEnvelope task = new TaskEnvelope("t-1", "cube", reply, 0, 1, 0, "java.lang.Integer", null,
                    null, null, true, System.currentTimeMillis(), "3".getBytes(StandardCharsets.UTF_8));
            try (Channel producer = c.createChannel()) {
                producer.confirmSelect();
                producer.basicPublish("", queue, true, task.toProperties(), task.body());
                producer.waitForConfirmsOrDie(10_000);
            }

            // first child: receives attempt 1, dies without acking
            Channel first = c.createChannel();
            Delivery d1 = take(first, queue);
            assertThat(d1.getEnvelope().isRedeliver()).isFalse();
            assertThat(decode(d1).attempt()).isEqualTo(1);
            first.close();

            // second child: sees a redelivery, re-publishes it as attempt 2 (confirmed), then acks the original
            Channel second = c.createChannel();
            Delivery d2 = take(second, queue);
            assertThat(d2.getEnvelope().isRedeliver()).isTrue();
            TaskEnvelope again = decode(d2).withAttempt(2, "worker crashed during attempt 1");
            second.confirmSelect();
            second.basicPublish("", queue, true, again.toProperties(), again.body());
            second.waitForConfirmsOrDie(10_000);
            second.basicAck(d2.getEnvelope().getDeliveryTag(), false);

            // the re-published task: attempt 2, reason kept; run it and reply, confirmed, then ack
            Delivery d3 = take(second, queue);
            TaskEnvelope running = decode(d3);
            assertThat(running.attempt()).isEqualTo(2);
            assertThat(running.lastError()).isEqualTo("worker crashed during attempt 1");
            assertThat(running.taskId()).isEqualTo("t-1");
            long now = System.currentTimeMillis();
            ReplyEnvelope out = new ReplyEnvelope(running.taskId(), true, running.attempt(),
                    new WorkerInfo("localhost", ProcessHandle.current().pid(), "child-2", now, now),
                    null, null, true, "27".getBytes(StandardCharsets.UTF_8));
            second.basicPublish("", running.replyTo(), true, out.toProperties(), out.body());
            second.waitForConfirmsOrDie(10_000);
            second.basicAck(d3.getEnvelope().getDeliveryTag(), false);

            // producer: the reply completes task t-1
            try (Channel producer = c.createChannel()) {
                Delivery r = take(producer, reply);
                ReplyEnvelope got = ReplyEnvelope.decode(r.getProperties(), r.getBody());
                assertThat(got.taskId()).isEqualTo("t-1");
                assertThat(got.ok()).isTrue();
                assertThat(got.attempt()).isEqualTo(2);
                assertThat(got.worker().pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(new String(got.body(), StandardCharsets.UTF_8)).isEqualTo("27");
                producer.basicAck(r.getEnvelope().getDeliveryTag(), false);
                producer.queueDelete(queue);
                producer.queueDelete(queue + Protocol.DEAD_SUFFIX);
                producer.exchangeDelete(queue + Protocol.CONTROL_SUFFIX);
                producer.queueDelete(reply);
            }
            second.close();
        }
    }

    /** Consumes one delivery with manual ack and prefetch 1, then cancels the consumer. */
    private static Delivery take(Channel ch, String queue) throws Exception {
        BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
        ch.basicQos(1);
        String tag = ch.basicConsume(queue, false, (t, d) -> got.add(d), t -> { });
        Delivery d = got.poll(10, TimeUnit.SECONDS);
        assertThat(d).as("a delivery from " + queue).isNotNull();
        ch.basicCancel(tag);
        return d;
    }

    private static TaskEnvelope decode(Delivery d) {
        Decoded decoded = TaskEnvelope.decode(d.getProperties(), d.getBody(), MAX, System.currentTimeMillis());
        assertThat(decoded).isInstanceOf(TaskEnvelope.class);
        return (TaskEnvelope) decoded;
    }
}
