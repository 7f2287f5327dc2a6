/**
 * The child JVM: consume → decide → run → reply (confirmed) → ack. {@link dev.warren.worker.child.ChildMain}
 * {@link dev.warren.worker.child.ChildConfig} and {@link dev.warren.worker.child.ChildSlot} are public (the
 * supervisor starts children with them and reads their slots);
 * everything else is package-private.
 *
 * <pre>
 *  stdin (supervisor): config, drain, consume, crash notes         control exchange: cancel, crash notes
 *        │ ChildMain                                                   │
 *        ▼                                                             ▼
 *  ChildLifecycle (STARTING → CONSUMING → RETIRING → DRAINING → CLOSED)  ChildControl (cancelled ids, crash notes)
 *        ▲ drain, retire                                               │ lookups; a note wakes its waiter
 *        │                                                             │
 *  ChildConnection ── task connection's consumer ──► MainLoop (one thread, one job at a time; held jobs)
 *        ▲                                             │ TaskEnvelope.decode
 *        │                                             ▼
 *        │                                 DeliveryTriage.decide ─► Decision (pure: no I/O, no clock)
 *        │                ┌───────────────┬──────────┴──┬──────────────┬──────────────┬─────────────────┐
 *        │               Run          DeadLetter    NextAttempt     HandBack     SkipCancelled    AwaitCrashNote
 *        │                │                │             │              │              │                │
 *        │       TaskExecution (ChildRunner:│             │              │              │     held re-check on the
 *        │       InputBinding, soft limit) │             │              │              │     loop when the note
 *        │                │                │             │              │              │     arrives or 250 ms /
 *        │                ▼                ▼             ▼              ▼   answer warren.Cancelled 1 s pass, then
 *        │    ChildReplies: reply (mandatory; returned → retried ~24 s on the loop → dead letter),  NextAttempt
 *        │                  dead letter, re-publish, ack  ──► ChildOutbox (confirms, returns)    or DeadLetter
 *        │                                                       │ confirm → ChildAcks (ack multiple) / nack → requeue
 *        └───────────────────────────────────────────────────────┘   (connection thread)
 *  after each task: RecyclePolicy (max tasks → RETIRING, stop consuming; max memory → ask, keep consuming)
 *  ChildSlot (memory-mapped, the supervisor reads it): running task, tasks done; ChildStats → stats line once a second
 *  stdout: ChildEvents (ready, connected, stats, failed, dead, recycle, exiting; start/end without a slot)
 * </pre>
 *
 * Threads: the main loop runs every decision and task, and the task connection's consumer callbacks (it is that
 * connection's consumer executor, so a delivery reaches it straight from the I/O thread); the task connection's I/O
 * thread runs confirm outcomes (acks); the control connection (a second one: amqp-client runs all of a connection's
 * consumers on one executor) runs the control consumer on its own dispatch thread; the stdin thread requests
 * drains; the watchdog interrupts or answers for a task over the soft time limit; the control consumer
 * interrupts a task cancelled with {@code interrupt} ({@code RunningTask}); the progress timer publishes
 * {@code ChildProgress}; a timer releases held jobs. State that several threads touch lives in {@code ChildLifecycle}
 * (forward-only) and {@code ChildControl}; everything else is main-loop only.
 */
package dev.warren.worker.child;
