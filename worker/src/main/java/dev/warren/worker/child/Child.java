package dev.warren.worker.child;

import dev.warren.worker.TaskRegistry;
import dev.warren.worker.TaskContext;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.warren.common.BrokerSettings;
import dev.warren.common.ExitCode;
import dev.warren.common.Protocol;
import dev.warren.common.TaskError;
import dev.warren.common.WorkerInfo;
import dev.warren.common.internal.Decoded;
import dev.warren.common.internal.Malformed;
import dev.warren.common.internal.ReplyEnvelope;
import dev.warren.common.internal.TaskEnvelope;
import dev.warren.common.internal.Topology;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A child's AMQP loop. Deliveries are queued by the consumer thread and handled one at a time on
 * the main loop: decode → (redelivered? re-publish with attempt+1) → run → publish the reply →
 * ack once the broker confirmed the reply. Anything that cannot run is dead-lettered (a confirmed
 * copy to {@code <queue>.dead}) and answered with an error where possible; nothing is requeued
 * forever and no message stops the loop. Crash-only: a lost connection ends the process.
 */
final class Child {
    private static final Logger log = LoggerFactory.getLogger(Child.class);
    /** Producers that declare these input types send untyped JSON: the worker's own type decides. */
    private static final java.util.Set<String> UNTYPED = java.util.Set.of("com.fasterxml.jackson.databind.JsonNode", "java.lang.Object");

    private final ChildConfig cfg;
    private final TaskRegistry registry;
    private final ChildEvents events;
    private final ChildRunner runner;
    private final long pid = ProcessHandle.current().pid();
    private final String host = hostName();
    private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();

    private Connection connection;
    private Channel channel;
    private ChildOutbox outbox;
    private final ChildControl control = new ChildControl();
    private String consumerTag;
    private volatile boolean cancelOk;
    private volatile boolean closing;
    private volatile boolean consuming;
    private volatile boolean draining;
    private volatile int exitCode;
    private volatile String exitReason = "drained";
    // main-loop state
    private volatile boolean recycleAsked;
    private int tasksDone;

    Child(ChildConfig cfg, TaskRegistry registry, ChildEvents events) {
        this.cfg = cfg;
        this.registry = registry;
        this.events = events;
        this.runner = new ChildRunner(cfg.softTimeLimitMs(), cfg.maxBodyBytes());
    }

    long pid() { return pid; }

    /** Connects and starts consuming. @throws IOException when the broker cannot be reached */
    void start() throws IOException {
        BrokerSettings broker = BrokerSettings.of(cfg.brokerUri());
        ConnectionFactory f = broker.connectionFactory();
        f.setAutomaticRecoveryEnabled(false); // crash-only: the supervisor starts a fresh child
        f.setTopologyRecoveryEnabled(false);
        try {
            connection = broker.connect(f, "warren-" + cfg.childId()); // any live node, in a shuffled order
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("timed out connecting to " + BrokerSettings.mask(cfg.brokerUri()), e);
        }
        connection.addShutdownListener(cause -> {
            if (!closing) {
                log.error("connection to the broker lost: {}; exiting so the supervisor replaces this child", cause.getMessage());
                events.exiting("fatal", "connection lost: " + cause.getMessage());
                Runtime.getRuntime().halt(ExitCode.BROKER_LOST.code());
            }
        });
        new Topology(connection).declareTaskQueue(cfg.queue(), cfg.queueType());
        channel = connection.createChannel();
        outbox = new ChildOutbox(channel);
        channel.basicQos(cfg.prefetch());
        control.listen(connection.createChannel(), cfg.queue());
        consumerTag = channel.basicConsume(cfg.queue(), false, "warren-" + cfg.childId() + "-" + pid, new DefaultConsumer(channel) {
            @Override public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) {
                inbox.add(() -> handle(env, props, body));
            }
            @Override public void handleCancelOk(String tag) { cancelOk = true; }
            @Override public void handleCancel(String tag) {
                log.error("the broker cancelled this consumer (queue deleted?); exiting");
                events.exiting("fatal", "consumer cancelled by the broker");
                Runtime.getRuntime().halt(ExitCode.BROKER_LOST.code());
            }
        });
        synchronized (this) {
            if (!draining) consuming = true;
            else channel.basicCancel(consumerTag);
        }
    }

    /** Control messages the supervisor writes on stdin (crash notes of its children, same JSON as the exchange). */
    void control(String jsonLine) { control.accept(jsonLine.getBytes(java.nio.charset.StandardCharsets.UTF_8)); }

    /** Runs the main loop until drained; returns the exit code. */
    int run() throws InterruptedException {
        while (true) {
            Runnable job = inbox.poll(50, TimeUnit.MILLISECONDS);
            if (job != null) job.run();
            if (inbox.isEmpty()) events.flush(); // idle: let the supervisor see the last task's end now
            if (draining && cancelOk && inbox.isEmpty() && outbox.isEmpty()) break;
        }
        closing = true;
        try {
            connection.close(5000);
        } catch (IOException | RuntimeException e) {
            log.debug("closing: {}", e.toString());
        }
        events.exiting(exitReason, "tasks done: " + tasksDone);
        return exitCode;
    }

    /**
     * Stops consuming at once; tasks already prefetched are handed back unstarted, the running one
     * finishes. Thread-safe; the first call decides the exit code.
     */
    synchronized void requestDrain(String reason, int code) {
        if (draining) return;
        exitReason = recycleAsked && code == 0 ? "recycled" : reason;
        exitCode = code;
        draining = true;
        stopConsuming();
    }

    private synchronized void stopConsuming() {
        if (!consuming) {
            cancelOk = true;
            return;
        }
        consuming = false;
        try {
            channel.basicCancel(consumerTag);
        } catch (IOException | RuntimeException e) {
            cancelOk = true;
        }
    }

    private void handle(Envelope delivery, AMQP.BasicProperties props, byte[] body) {
        long tag = delivery.getDeliveryTag();
        if (draining || !consuming) { // prefetched but not started: give it back unchanged, not as an attempt
            publishThenAck(cfg.queue(), props, body, tag);
            return;
        }
        Decoded d = TaskEnvelope.decode(props, body, cfg.maxBodyBytes(), System.currentTimeMillis());
        if (d instanceof Malformed m) {
            refuse(tag, props, body, m.type(), m.detail(), m.taskId(), m.replyTo(), m.attempt(), props == null ? null : props.getType(), null);
            return;
        }
        TaskEnvelope env = (TaskEnvelope) d;
        MDC.put("task", env.taskId());
        MDC.put("trace", traceId(env.traceparent()));
        try {
            if (delivery.isRedeliver()) {
                retryOrBury(tag, env, props, body);
            } else if (control.isCancelled(env.taskId())) {
                log.info("skipping task {} ({}): cancelled by its producer before it started", env.taskId(), env.task());
                ack(tag);
            } else {
                execute(tag, env, props, body);
            }
        } finally {
            MDC.remove("task");
            MDC.remove("trace");
        }
    }

    private void execute(long tag, TaskEnvelope env, AMQP.BasicProperties props, byte[] body) {
        Optional<TaskRegistry.Entry<?, ?>> entry = registry.find(env.task());
        if (entry.isEmpty()) {
            refuse(tag, props, body, Protocol.E_UNKNOWN_TASK, "no task named '" + env.task()
                    + "' is registered in this worker (it knows " + registry.names() + ")", env.taskId(), env.replyTo(),
                    env.attempt(), env.task(), env);
            return;
        }
        String declared = entry.get().type().inputTypeName();
        if (env.inputType() != null && !env.inputType().equals(declared) && !UNTYPED.contains(env.inputType())) {
            refuse(tag, props, body, Protocol.E_INPUT_TYPE_MISMATCH, "task '" + env.task() + "' takes " + declared
                    + " but the producer sent " + env.inputType(), env.taskId(), env.replyTo(), env.attempt(), env.task(), env);
            return;
        }
        long started = System.currentTimeMillis();
        events.start(env.taskId(), env.task(), env.attempt());
        log.debug("running {} attempt {}", env.task(), env.attempt());
        ChildRunner.Outcome outcome = runner.run(entry.get(), env, context(env), () -> abandon(tag, env, started));
        long finished = System.currentTimeMillis();
        WorkerInfo where = new WorkerInfo(host, pid, cfg.childId(), started, finished);
        if (outcome instanceof ChildRunner.Ok ok) {
            reply(tag, env, props, body, new ReplyEnvelope(env.taskId(), true, env.attempt(), where, env.traceparent(),
                    env.tracestate(), env.persistent(), ok.body()));
            events.end(env.taskId(), env.task(), "ok", null, finished - started);
        } else {
            ChildRunner.Failed failed = (ChildRunner.Failed) outcome;
            TaskError err = failed.error();
            ReplyEnvelope r = ReplyEnvelope.error(env.taskId(), err, where, env.traceparent(), env.tracestate(), env.persistent());
            if (failed.deadLetter()) {
                publish(env.replyTo(), r.toProperties(), r.body(), null);
                deadLetter(tag, props, body, err.type(), err.message(), env.attempt(), env.task(), env.taskId());
            } else {
                reply(tag, env, props, body, r);
            }
            log.info("task {} failed: {}: {}", env.task(), err.type(), err.message());
            events.end(env.taskId(), env.task(), "error", err.type(), finished - started);
            if (failed.timedOut()) requestDrain("soft-time-limit", ExitCode.SOFT_TIME_LIMIT.code());
        }
        tasksDone++;
        afterTask();
    }

    /**
     * On the watchdog thread: the task ignored the soft limit's interrupt. Answer for it, ack it once the
     * answer is confirmed, and replace this child: the runaway thread dies with the process.
     */
    private void abandon(long tag, TaskEnvelope env, long started) {
        TaskError err = TaskError.of(Protocol.E_TIME_LIMIT, "task " + env.task() + " exceeded the soft time limit of "
                + cfg.softTimeLimitMs() + " ms and ignored the interrupt; the child replaced itself", env.attempt());
        ReplyEnvelope r = ReplyEnvelope.error(env.taskId(), err, new WorkerInfo(host, pid, cfg.childId(), started,
                System.currentTimeMillis()), env.traceparent(), env.tracestate(), env.persistent());
        java.util.concurrent.CountDownLatch settled = new java.util.concurrent.CountDownLatch(1);
        publish(env.replyTo(), r.toProperties(), r.body(), new ChildOutbox.Outcome() {
            @Override public void confirmed(boolean returned) { ack(tag); settled.countDown(); }
            @Override public void nacked() { settled.countDown(); }
        });
        try {
            settled.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.warn("task {} ({}) ignored the soft time limit; answered it and replacing this child", env.taskId(), env.task());
        events.end(env.taskId(), env.task(), "error", Protocol.E_TIME_LIMIT, System.currentTimeMillis() - started);
        events.exiting("soft-time-limit", "task ignored the interrupt");
        closing = true;
        Runtime.getRuntime().halt(ExitCode.SOFT_TIME_LIMIT.code());
    }

    private void afterTask() {
        if (recycleAsked) return;
        if (cfg.maxTasksPerChild() > 0 && tasksDone >= cfg.maxTasksPerChild()) {
            recycleAsked = true;
            stopConsuming(); // run no more than max-tasks-per-child; wait for the supervisor's drain
            events.recycle("max-tasks");
        } else if (cfg.maxMemoryMb() > 0 && ChildMemory.residentMb() > cfg.maxMemoryMb()) {
            recycleAsked = true; // keep consuming until the replacement is ready
            log.info("resident memory {} MB is over the ceiling of {} MB; asking to be recycled",
                    ChildMemory.residentMb(), cfg.maxMemoryMb());
            events.recycle("max-memory");
        }
    }

    /** A redelivered task: its earlier holder died. Count the attempt in the message itself. */
    private void retryOrBury(long tag, TaskEnvelope env, AMQP.BasicProperties props, byte[] body) {
        // the supervisor's crash note may trail the redelivery by a little: wait for it briefly
        String note = control.crashNote(env.taskId());
        int waits = env.attempt() >= cfg.maxAttempts() ? 20 : 5;
        for (int i = 0; note == null && i < waits; i++) {
            sleep(50);
            note = control.crashNote(env.taskId());
        }
        if (env.attempt() >= cfg.maxAttempts()) {
            String detail = "worker crashed " + env.attempt() + " times running this task"
                    + (note != null ? "; last: " + note : env.lastError() != null ? "; last: " + env.lastError() : "");
            log.warn("dead-lettering task {} ({}): {}", env.taskId(), env.task(), detail);
            refuse(tag, props, body, Protocol.E_WORKER_CRASHED, detail, env.taskId(), env.replyTo(), env.attempt(), env.task(), env);
            return;
        }
        String lastError = note != null ? note : "attempt " + env.attempt() + " ended without a reply (the child running it was lost)";
        Map<String, Object> set = new HashMap<>();
        set.put(Protocol.H_ATTEMPT, env.attempt() + 1);
        set.put(Protocol.H_LAST_ERROR, truncate(lastError, 4096));
        log.info("task {} ({}) was redelivered after attempt {}; re-queued as attempt {}", env.taskId(), env.task(),
                env.attempt(), env.attempt() + 1);
        publishThenAck(cfg.queue(), withHeaders(props, set), body, tag);
    }

    /** Dead-letters a message that cannot run and answers its producer where it can. */
    private void refuse(long tag, AMQP.BasicProperties props, byte[] body, String type, String detail, String taskId,
                        String replyTo, int attempt, String task, TaskEnvelope env) {
        log.warn("refusing message {} (task {}): {}: {}", taskId, task, type, detail);
        if (replyTo != null) {
            TaskError err = TaskError.of(type, detail, attempt);
            ReplyEnvelope r = ReplyEnvelope.error(taskId, err, new WorkerInfo(host, pid, cfg.childId(), 0, 0),
                    env == null ? null : env.traceparent(), env == null ? null : env.tracestate(), env == null || env.persistent());
            publish(replyTo, r.toProperties(), r.body(), null);
        }
        deadLetter(tag, props, body, type, detail, attempt, task, taskId);
    }

    /** Waits before re-publishing a reply whose queue is missing: a producer re-declares it when it reconnects. */
    static final long[] REPLY_RETRY_MS = {250, 500, 1000, 2000, 4000, 8000, 8000};

    private void reply(long tag, TaskEnvelope env, AMQP.BasicProperties props, byte[] body, ReplyEnvelope r) {
        reply(tag, env, props, body, r, 0);
    }

    private void reply(long tag, TaskEnvelope env, AMQP.BasicProperties props, byte[] body, ReplyEnvelope r, int retry) {
        publish(env.replyTo(), r.toProperties(), r.body(), new ChildOutbox.Outcome() {
            @Override public void confirmed(boolean returned) {
                if (!returned) {
                    ack(tag);
                } else if (retry < REPLY_RETRY_MS.length) {
                    // e.g. the broker restarted and the producer has not re-declared its reply queue yet: the task
                    // stays unacked (not redelivered, not re-run) while the reply waits for its queue
                    ChildRunner.schedule(() -> inbox.add(() -> reply(tag, env, props, body, r, retry + 1)), REPLY_RETRY_MS[retry]);
                } else {
                    inbox.add(() -> deadLetter(tag, props, body, Protocol.E_REPLY_QUEUE_MISSING, "reply queue '"
                            + env.replyTo() + "' did not exist for " + totalRetryMs() / 1000
                            + " s; the result could not be delivered", env.attempt(), env.task(), env.taskId()));
                }
            }
            @Override public void nacked() { requeue(tag); }
        }, true);
    }

    private static long totalRetryMs() {
        long t = 0;
        for (long ms : REPLY_RETRY_MS) t += ms;
        return t;
    }

    private void deadLetter(long tag, AMQP.BasicProperties props, byte[] body, String reason, String detail, int attempts,
                            String task, String taskId) {
        Map<String, Object> set = new HashMap<>();
        set.put(Protocol.H_DEAD_REASON, reason);
        set.put(Protocol.H_DEAD_DETAIL, truncate(detail == null ? "" : detail, 4096));
        set.put(Protocol.H_DEAD_ATTEMPTS, attempts);
        set.put(Protocol.H_ORIGINAL_QUEUE, cfg.queue());
        events.dead(taskId, task, reason);
        publishThenAck(cfg.queue() + Protocol.DEAD_SUFFIX, withHeaders(props, set), body, tag);
    }

    private void publishThenAck(String queue, AMQP.BasicProperties props, byte[] body, long tag) {
        publish(queue, props, body, new ChildOutbox.Outcome() {
            @Override public void confirmed(boolean returned) { ack(tag); }
            @Override public void nacked() { requeue(tag); }
        }, false);
    }

    private void publish(String queue, AMQP.BasicProperties props, byte[] body, ChildOutbox.Outcome outcome) {
        publish(queue, props, body, outcome, false);
    }

    private void publish(String queue, AMQP.BasicProperties props, byte[] body, ChildOutbox.Outcome outcome, boolean mandatory) {
        ChildOutbox.Outcome o = outcome != null ? outcome : new ChildOutbox.Outcome() {
            @Override public void confirmed(boolean returned) { }
            @Override public void nacked() { log.warn("the broker nacked a message to {}", queue); }
        };
        try {
            outbox.publish(queue, props == null ? new AMQP.BasicProperties() : props, body, mandatory, o);
        } catch (IOException | RuntimeException e) {
            fatal("publishing to " + queue + " failed: " + e);
        }
    }

    private void ack(long tag) {
        try {
            channel.basicAck(tag, false);
        } catch (IOException | RuntimeException e) {
            fatal("ack failed: " + e);
        }
    }

    private void requeue(long tag) {
        try {
            channel.basicReject(tag, true);
        } catch (IOException | RuntimeException e) {
            fatal("reject failed: " + e);
        }
    }

    private void fatal(String why) {
        if (closing) return;
        log.error("{}; exiting so the supervisor replaces this child", why);
        events.exiting("fatal", why);
        Runtime.getRuntime().halt(ExitCode.BROKER_LOST.code());
    }

    private TaskContext context(TaskEnvelope env) {
        Optional<Instant> deadline = env.deadline() > 0 ? Optional.of(Instant.ofEpochMilli(env.deadline())) : Optional.empty();
        return new ChildTaskContext(env.taskId(), env.task(), env.attempt(), deadline, cfg.childId(), pid,
                Optional.ofNullable(env.traceparent()));
    }

    static AMQP.BasicProperties withHeaders(AMQP.BasicProperties props, Map<String, Object> set) {
        AMQP.BasicProperties p = props == null ? new AMQP.BasicProperties() : props;
        Map<String, Object> h = new HashMap<>(p.getHeaders() == null ? Map.of() : p.getHeaders());
        h.putAll(set);
        return p.builder().headers(h).build();
    }

    /** The trace id of a W3C traceparent ({@code 00-<trace id>-<span id>-<flags>}), or null. */
    static String traceId(String traceparent) {
        if (traceparent == null) return null;
        String[] parts = traceparent.split("-");
        return parts.length >= 4 && parts[1].length() == 32 ? parts[1] : null;
    }

    private static String truncate(String s, int max) { return s.length() <= max ? s : s.substring(0, max) + "..."; }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) return h;
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
