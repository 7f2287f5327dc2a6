/**
 * warren's producer: submit named tasks to a pool of remote worker JVMs and get
 * {@link java.util.concurrent.CompletableFuture}s back ({@link dev.warren.producer.TaskFuture}s: task id, progress,
 * cancel that stops a running task). Start with {@link dev.warren.producer.TaskExecutor} and
 * {@link dev.warren.producer.ProducerOptions}.
 *
 * <pre>
 *  caller threads                                    broker
 *  ──────────────                                    ──────
 *  submit ─► Submitter: encode, size check, admission,
 *  map ─► MapRuns/Results: chunks, window, deadline ─┘ envelope (id, deadline, traceparent)
 *                  │ PendingTasks.add (taskId → Pending, timeout timer)
 *                  ▼
 *                Link.publish ── publish lock: Outbox (seq no → task); basicPublish(mandatory, persistent) ─► task queue
 *                  ▲   confirms, nacks, returns ──► LinkListener (PendingTasks): confirmed → drop the body;
 *                  │                                 nacked / returned / failed → fail the task (PublishException)
 *   recovery: re-publish unconfirmed + waiting           reply queue warren.reply.&lt;clientId&gt;
 *   (broker gone too long: LinkListener.brokerLost)         │ ReplyConsumer (AMQP thread): decode, batch ack
 *                                                           ▼
 *                PendingTasks.replied: remove entry (first reply wins, else WARN + drop)
 *                  │  error + RetryPolicy says again: keep the entry, Link.publish the next attempt after the backoff
 *                  │  nobody awaits it and the client id is stable: Unclaimed holds it unacked until attach
 *                  │  (TaskExecutor.attach → Attach) claims it or its retention ends (ack + WARN)
 *                  │ completion executor (never the AMQP thread)
 *                  ▼
 *                future.complete(decoded output) / RemoteTaskException (cause: the remote frames)
 *
 *  progress message (warren-status: progress) ─► PendingTasks.progressed: the pending TaskFuture keeps the latest,
 *                listeners run on the completion executor; a finished or unknown task's progress is dropped quietly
 *  future.cancel(b) / shutdownNow ─► PendingTasks.cancel: complete cancelled here ─► Link.publishCancel ─►
 *                ControlPublisher (its own thread, never the caller's) ─► &lt;queue&gt;.control {op: cancel, interrupt: b}
 * </pre>
 *
 * Every exit path — reply, timeout, cancel, shutdownNow, broker loss, nack, return — removes the pending entry
 * exactly once in {@code PendingTasks}, the only class that completes a task's future; the transport ({@code Link})
 * only reports what happened. To profile the per-task path, look at {@code Submitter.send}, {@code Link.publish}
 * and {@code PendingTasks.replied}. Implementation classes are package-private.
 */
package dev.warren.producer;
