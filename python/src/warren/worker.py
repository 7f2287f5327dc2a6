"""``warren.Worker``: serves plain Python functions as warren tasks, with the Java child's guarantees."""
from __future__ import annotations

import logging
import os
import queue as queue_mod
import signal
import threading
import traceback

from . import _protocol as P
from ._checks import Task, bind, envelope
from ._serve import Control, Pub, Serve

log = logging.getLogger("warren")

REPLY_RETRY_DELAYS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 8.0)  # ~24 s, as the Java child


class Worker:
    """Consumes a warren task queue and runs registered Python functions, one task at a time.

    ::

        worker = warren.Worker()                        # $WARREN_BROKER_URI, queue $WARREN_QUEUE or warren.tasks

        @worker.task("py.upper", input_type="java.lang.String")
        def upper(text: str) -> str:
            return text.upper()

        worker.run()                                     # until SIGTERM/SIGINT or worker.stop(): then drains

    Per task, as the Java child (docs/protocol.md sections 6 and 7): checks the message in the
    protocol's order; runs the function; publishes the reply (mandatory, confirmed) and only then
    acks. A redelivered task (its previous holder died) is re-published with ``warren-attempt`` + 1,
    or dead-lettered as ``warren.WorkerCrashed`` past ``max_attempts``. A message that cannot run is
    dead-lettered to ``<queue>.dead`` (confirmed, with reason headers) and answered with an error
    where it has a ``reply_to`` and a ``message_id``. A reply whose queue is missing is retried for
    about 24 s, then the task is dead-lettered as ``warren.ReplyQueueMissing``. A cancelled task is
    acked unrun. Draining hands prefetched, unstarted tasks back unchanged.

    Unlike the Java supervisor it starts no child processes: tasks run in this process, on the
    thread that called :meth:`run`, so there is no hard or soft time limit, no memory ceiling and no
    recycling; a task that crashes the interpreter takes the worker with it (the broker redelivers
    the task; run the worker under systemd, Kubernetes or the like to restart it). Run several worker
    processes for parallelism. A lost connection is re-made (unacked tasks are redelivered to
    someone and count as an attempt), where a Java child exits and is replaced.
    """

    def __init__(self, uri: str | None = None, queue: str | None = None, *, name: str | None = None,
                 prefetch: int = 1, max_attempts: int = P.MAX_ATTEMPTS, max_body_bytes: int = P.MAX_BODY_BYTES,
                 queue_type: str = "quorum", reply_retry_delays=REPLY_RETRY_DELAYS):
        if prefetch < 1 or max_attempts < 1 or max_body_bytes < 1:
            raise ValueError("prefetch, max_attempts and max_body_bytes must be at least 1")
        if queue_type not in ("quorum", "classic"):
            raise ValueError("queue_type must be quorum or classic: %r" % (queue_type,))
        self.uri = P.broker_uri(uri)
        self.queue = P.task_queue(queue)
        self.name = name or "py-worker-%d" % os.getpid()
        self.max_attempts, self.max_body = max_attempts, max_body_bytes
        self._prefetch, self._queue_type, self._retry = prefetch, queue_type, tuple(reply_retry_delays)
        self._tasks = {}
        self._host, self._pid = P.host_name(), os.getpid()
        self._stopping = threading.Event()
        self._running = False
        self._serve = None
        self._inbox = None
        self._control = None

    # ---- registration
    def register(self, name: str, fn=None, *, input_type: str | None = None, accepts=None):
        """Registers fn as task ``name``; without fn, returns a decorator.

        ``input_type``: the name producers declare in ``warren-input-type`` (e.g. ``java.lang.String``
        for a Java producer's ``TaskType<String, ...>``); a task declaring another is refused as
        ``warren.InputTypeMismatch``. None: any declared name is accepted. ``accepts``: a type, a tuple
        of types or a predicate the decoded JSON input must satisfy, else the task is refused as
        ``warren.BadInput``; by default the first parameter's annotation when it is int, float, str,
        bool, list or dict, else anything.
        """
        if fn is None:
            return lambda f: self.register(name, f, input_type=input_type, accepts=accepts)
        if not isinstance(name, str) or not name.strip() or len(name.encode("utf-8")) > 255:
            raise ValueError("a task name is a non-blank string of at most 255 bytes: %r" % (name,))
        if not callable(fn):
            raise TypeError("task %s: %r is not callable" % (name, fn))
        if self._running:
            raise RuntimeError("register tasks before run()")
        self._tasks[name] = Task(name, fn, input_type, accepts)
        return fn

    def task(self, name: str | None = None, *, input_type: str | None = None, accepts=None):
        """Decorator: ``@worker.task()`` registers the function under its own name, ``@worker.task("x")`` as x."""
        def deco(fn):
            return self.register(name or fn.__name__, fn, input_type=input_type, accepts=accepts)
        return deco

    @property
    def tasks(self):
        """The registered task names, sorted."""
        return sorted(self._tasks)

    # ---- lifecycle
    def run(self):
        """Connects, serves until :meth:`stop` (or SIGTERM/SIGINT when called on the main thread), drains, returns.

        Raises BrokerUnavailableError when the broker cannot be reached at start.
        """
        if self._running:
            raise RuntimeError("this worker is already running")
        self._running = True
        self._inbox, self._control = queue_mod.SimpleQueue(), Control()
        self._serve = Serve(self.name, self.uri, self.queue, self._queue_type, self._prefetch, self._retry,
                            self._inbox, self._control)
        restore = self._install_signals()
        try:
            self._serve.loop.start()
            if self._stopping.is_set():
                self._serve.stop_consuming()
            log.info("worker %s pid %d: serving %s on %s", self.name, self._pid, ", ".join(self.tasks), self.queue)
            self._loop()
            log.info("worker %s pid %d: drained", self.name, self._pid)
        finally:
            self._serve.loop.stop()
            restore()
            self._running = False

    def stop(self):
        """Asks :meth:`run` to drain and return: no new task starts, the running one finishes, prefetched
        ones go back to the queue unchanged. Thread-safe and idempotent; safe in a signal handler."""
        first = not self._stopping.is_set()
        self._stopping.set()
        if first and self._serve is not None:
            self._serve.stop_consuming()

    def _install_signals(self):
        if threading.current_thread() is not threading.main_thread():
            return lambda: None
        old = {s: signal.signal(s, lambda _n, _f: self.stop()) for s in (signal.SIGTERM, signal.SIGINT)}
        return lambda: [signal.signal(s, h) for s, h in old.items()]

    def _loop(self):
        s = self._serve
        while True:
            try:
                d = self._inbox.get(timeout=0.1)
            except queue_mod.Empty:
                d = None
            if d is not None and d.gen == s.gen:
                if self._stopping.is_set():  # prefetched, not started: hand it back, not an attempt
                    s.settle(d, [Pub(self.queue, d.props, d.body, "copy")])
                else:
                    try:
                        self._handle(d)
                    except Exception as e:  # a bug of ours: still never stop on a message
                        self._unhandled(d, e)
            if self._stopping.is_set() and s.cancel_ok and self._inbox.empty() and s.unsettled <= 0:
                return

    # ---- one task
    def _unhandled(self, d, exc):
        log.exception("worker %s: handling message %s failed", self.name, d.props.message_id)
        try:
            reply_to = None if P.blank(d.props.reply_to) else d.props.reply_to
            task_id = None if P.blank(d.props.message_id) else d.props.message_id
            self._refuse(d, dict(d.props.headers or {}), task_id, reply_to, 1, P.E_BAD_ENVELOPE,
                         "the worker could not handle this message: %s: %s" % (P.class_name(exc), exc))
        except Exception:
            log.exception("worker %s: dead-lettering message %s failed too", self.name, d.props.message_id)

    def _handle(self, d):
        props = d.props
        headers = dict(props.headers or {})
        task_id = None if P.blank(props.message_id) else props.message_id
        reply_to = None if P.blank(props.reply_to) else props.reply_to
        try:
            attempt = max(1, P.number(headers, P.H_ATTEMPT, 1))
        except ValueError:
            attempt = 1
        try:
            deadline, chunk = envelope(props, headers, d.body, self.max_body)
            if self._control.is_cancelled(task_id):  # before the redelivery check: its holder may have been killed
                log.info("task %s (%s): cancelled by its producer before it started; answered %s", task_id,
                         props.type, P.E_CANCELLED)
                self._answer_cancelled(d, headers, props, task_id, reply_to, attempt, "before it started", 0)
                return
            if d.redelivered:
                self._redelivered(d, headers, task_id, reply_to, attempt)
                return
            task, value = bind(self._tasks, props, headers, d.body, chunk)
            if 0 < deadline < P.now_ms():
                raise P.Refused(P.E_DEADLINE_EXCEEDED, "deadline passed %d ms before a worker could start the task"
                                % (P.now_ms() - deadline))
        except P.Refused as r:
            self._refuse(d, headers, task_id, reply_to, attempt, r.type, r.detail)
            return
        started = P.now_ms()
        ok, out = self._run(task, value, chunk, attempt)
        if task_id in self._control.interrupted:  # cancelled with interrupt while it ran: its outcome is dropped
            self._answer_cancelled(d, headers, props, task_id, reply_to, attempt, "while it ran", started)
            return
        # an ok reply says where it ran only when the producer reads it (warren-worker-info); an error always does
        where = self._where(started) if not ok or P.worker_info(headers) else None
        rp = P.reply_properties(task_id, ok, attempt, where, headers, props.delivery_mode == 2)
        self._serve.settle(d, [Pub(reply_to, rp, out, "reply")],
                           on_missing=lambda waited: self._dead(d, headers, P.E_REPLY_QUEUE_MISSING, "reply queue %s "
                                                                "did not exist for %.0f s; the result could not be "
                                                                "delivered" % (reply_to, waited), attempt))

    def _answer_cancelled(self, d, headers, props, task_id, reply_to, attempt, when, started):
        """Acks a cancelled task and answers warren.Cancelled (protocol 5); neither run again nor dead-lettered."""
        pubs = []
        if reply_to is not None:
            body = P.error_body(P.E_CANCELLED, "cancelled by its producer " + when, "", attempt, False)
            rp = P.reply_properties(task_id, False, attempt, self._where(started), headers, props.delivery_mode == 2)
            pubs.append(Pub(reply_to, rp, body, "reply"))
        self._serve.settle(d, pubs)

    def _run(self, task, value, chunk, attempt):
        """Runs the function; returns (ok, body). An exception is the task's own failure: retryable."""
        try:
            out = [task.fn(v) for v in value] if chunk > 0 else task.fn(value)
            body = P.encode(out)
        except Exception as e:
            stack = traceback.format_exc()
            if len(stack) > P.MAX_STACK:
                stack = stack[:P.MAX_STACK] + "\n\u2026"
            log.info("task %s failed: %s: %s", task.name, P.class_name(e), e)
            return False, P.error_body(P.class_name(e), str(e), stack, attempt, True)
        if len(body) > self.max_body:
            return False, P.error_body(P.E_OUTPUT_TOO_LARGE, "output of %d bytes exceeds the limit of %d"
                                       % (len(body), self.max_body), "", attempt, False)
        return True, body

    def _redelivered(self, d, headers, task_id, reply_to, attempt):
        """Check 12: the previous holder died without acking; count the attempt in the message (protocol 6)."""
        note = self._control.crashes.get(task_id)
        last = note[0] if note else P.text(headers.get(P.H_LAST_ERROR))
        if attempt >= self.max_attempts:
            detail = "worker crashed %d times running this task%s" % (attempt, "; last: " + last if last else "")
            log.warning("dead-lettering task %s (%s): %s", task_id, d.props.type, detail)
            self._refuse(d, headers, task_id, reply_to, attempt, P.E_WORKER_CRASHED, detail, note[1] if note else "")
            return
        h = dict(headers)
        h[P.H_ATTEMPT] = attempt + 1
        h[P.H_LAST_ERROR] = P.truncate(last or "attempt %d ended without a reply (the worker running it was lost)"
                                       % attempt)
        log.info("task %s (%s) was redelivered after attempt %d; re-queued as attempt %d", task_id, d.props.type,
                 attempt, attempt + 1)
        self._serve.settle(d, [Pub(self.queue, P.copy_properties(d.props, h), d.body, "copy")])

    def _refuse(self, d, headers, task_id, reply_to, attempt, type_, detail, stack=""):
        """Dead-letters the message and answers where it has a reply_to and a message_id (section 7)."""
        log.warning("refusing message %s (task %s): %s: %s", task_id, d.props.type, type_, detail)
        pubs = [self._dead(d, headers, type_, detail, attempt)]
        if reply_to and task_id:
            rp = P.reply_properties(task_id, False, attempt, self._where(0), headers, d.props.delivery_mode != 1)
            pubs.append(Pub(reply_to, rp, P.error_body(type_, detail, stack, attempt, False), "answer"))
        self._serve.settle(d, pubs)

    def _dead(self, d, headers, reason, detail, attempt):
        h = P.dead_letter_headers(headers, reason, detail, attempt, self.queue)
        return Pub(self.queue + P.DEAD_SUFFIX, P.copy_properties(d.props, h, persistent=True), d.body, "copy")

    def _where(self, started):
        return {P.H_HOST: self._host, P.H_PID: self._pid, P.H_CHILD: self.name, P.H_STARTED: started,
                P.H_FINISHED: P.now_ms()}
