/**
 * The worker supervisor: a Micronaut application ({@link dev.warren.worker.supervisor.Main}) that keeps N child JVMs
 * ({@code dev.warren.worker.child.ChildMain}) consuming the task queue, and serves health, metrics and {@code /pool}.
 * Everything but {@code Main} is package-private.
 *
 * <h2>Data flow</h2>
 * <pre>
 *  Supervisor ── connect (Backoff 250 ms → 5 s) ── declare queue ── new ChildPool(PoolOptions, listeners).start()
 *
 *  ChildPool.spawn(slot) ─► ChildSpawner: java … ChildMain, stdin ◄ config line + CrashNoteCache lines
 *        │                      └─ reader threads per child: stderr ─► log + tail
 *        │                                                   stdout ─► PoolEventHandler ─┬─► PoolListeners
 *        │   ready ───────────► ChildPool.ready ─► StartFailures.ready, ChildRecycler.ready   │ (PoolEventLog,
 *        │   recycle ─────────► ChildRecycler.request: queue, one at a time:                  │  metrics,
 *        │                        slot ◄ replacement (spawn), retiree drained once it is ready │  crash notes,
 *        │   (slot file) ─────► ChildProcess.running(): task id/name/start, read on demand    │  Supervisor)
 *        │   stats (1/s) ─────► PoolListener.tasksReported (counts, histogram buckets)        │
 *        │   failed ──────────► PoolListener.taskFailed; start / end (no slot) ─► ChildProcess │
 *        │   exiting ─────────► ChildProcess.exitDetail                                       │
 *        ▼   stdout closed ───► ChildExits: classify (PoolExitCause) ─► SlotRestarter: now or RestartPolicy
 *                                 backoff ─► spawn; StartFailures: N fatal starts in a row ─► gave up ─► Supervisor
 *                                 exits 79 │ crash note ─► other children (stdin) + control exchange ─► listeners
 *  PoolSpares: N spare children (slot -1, "connected", no consumer); spawn(slot) hands a connected one the slot
 *        ("consume") and fills the spares again; a spare's exit starts another (backoff while they fail)
 *  PoolHardLimit (scheduler tick): kill a child whose task overran the hard limit
 *  SupervisorCancels (control exchange) ─► PoolCancelKill: after warren.cancel-grace, kill the child still running
 *       a task cancelled with interrupt; the cancel joins the CrashNoteCache lines for the replacement
 *  PoolDrain (SIGTERM): stop starting, "drain" to every child, wait, kill the rest
 * </pre>
 *
 * <h2>Threads and locks</h2>
 * <ul>
 *   <li><b>The pool lock</b> is {@link dev.warren.worker.supervisor.PoolState}'s monitor. It guards the slots, the
 *       set of alive children, the draining and gave-up flags, every {@code ChildProcess.state} change, the
 *       recycler's queue, the restarter's scheduled restarts and the start-failure streak. {@code ChildRecycler},
 *       {@code SlotRestarter}, {@code StartFailures}, {@code PoolSpares} and {@code ChildPool.spawn} are only called
 *       with it held.</li>
 *   <li><b>Per child</b> two daemon reader threads (stdout, stderr). The stdout thread is the only writer of the
 *       child's per-task facts and the only caller of the listeners for that child, so a child's events reach
 *       the listeners in order. Listeners are never called under the pool lock.</li>
 *   <li><b>Leaf monitors</b> (nothing else is taken while held): a child's stdin writer, its stderr tail, the
 *       {@code CrashNoteCache}.</li>
 *   <li><b>The pool's scheduler</b> (one daemon thread) runs delayed restarts (taking the pool lock) and the
 *       hard-limit tick (reading a snapshot).</li>
 * </ul>
 */
package dev.warren.worker.supervisor;
