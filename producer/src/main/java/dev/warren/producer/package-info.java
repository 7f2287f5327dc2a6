/**
 * warren's producer: submit named tasks to a pool of remote worker JVMs and get
 * {@link java.util.concurrent.CompletableFuture}s back. Start with {@link dev.warren.producer.TaskExecutor}
 * and {@link dev.warren.producer.ProducerOptions}.
 *
 * <pre>
 *  caller threads                                    broker
 *  ──────────────                                    ──────
 *  submit/map ─► Submitter: encode, size check,
 *                envelope (id, deadline, traceparent)
 *                  │ PendingTasks.add (taskId → Pending, timeout timer)
 *                  ▼
 *                Link.publish ── publish lock: seq no → unconfirmed; basicPublish(mandatory, persistent) ─► task queue
 *                  ▲   confirm ack: forget seq │ nack / basic.return: fail the task (PublishException)
 *                  │                           ▼
 *   recovery: re-publish unconfirmed + backlog        reply queue warren.reply.&lt;clientId&gt;
 *                                                        │ ReplyConsumer (AMQP thread): decode, batch ack
 *                                                        ▼
 *                PendingTasks.onReply: remove entry (first reply wins, else WARN + drop)
 *                  │ completion executor (never the AMQP thread)
 *                  ▼
 *                future.complete(decoded output) / RemoteTaskException
 * </pre>
 *
 * Every exit path — reply, timeout, cancel, shutdownNow, broker loss — removes the pending entry
 * exactly once; only the path that removed it completes the future. Implementation classes are
 * package-private.
 */
package dev.warren.producer;
