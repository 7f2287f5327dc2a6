"""``warren.Executor``: a ``concurrent.futures.Executor`` whose workers are a warren pool behind RabbitMQ."""
from __future__ import annotations

import concurrent.futures
import os
import threading
import time
import uuid
import weakref

from . import _protocol as P
from ._pending import Completer, Entry, Pending
from ._producer import Link
from .errors import BrokerUnavailableError

_live = weakref.WeakSet()
_exit_lock = threading.Lock()
_exiting = False


def _at_exit():
    """As concurrent.futures does: the interpreter does not exit before pending futures are done."""
    global _exiting
    with _exit_lock:
        _exiting = True
    for ex in list(_live):
        ex.shutdown(wait=True)


_register = getattr(threading, "_register_atexit", None)
if _register is not None:
    _register(_at_exit)
else:  # pragma: no cover - Python < 3.9 is not supported, but do not fail at import
    import atexit
    atexit.register(_at_exit)


class _TaskFuture(concurrent.futures.Future):
    """A Future whose successful cancel() also tells the workers to skip the task."""

    def __init__(self):
        super().__init__()
        self._on_cancel = None

    def cancel(self):
        if not super().cancel():
            return False
        hook, self._on_cancel = self._on_cancel, None
        if hook is not None:
            hook()
        return True


class Executor(concurrent.futures.Executor):
    """Submits named tasks to a warren worker pool and returns ``concurrent.futures.Future`` objects.

    ::

        with warren.Executor() as executor:              # $WARREN_BROKER_URI, queue warren.tasks
            print(executor.submit("cube", 3).result())   # 27
            print(list(executor.map("cube", range(5))))  # [0, 1, 8, 27, 64]

    Arguments: ``uri`` (default ``$WARREN_BROKER_URI``, else ``$RABBITMQ_URI``, else
    ``amqp://guest:guest@localhost:5672/%2F``); ``queue`` (default ``$WARREN_QUEUE``, else
    ``warren.tasks``); ``client_id`` names the reply queue ``warren.reply.<client_id>``: pass a stable
    one when you want the name to stay the same across restarts of your process (then no two
    executors may share it); by default it is ``<hostname>-<pid>-<8 random hex>``, unique per executor.
    Keyword-only: ``queue_type`` of the task queue when this executor declares it (``"quorum"``, or
    ``"classic"``), ``reply_queue_type`` (default ``$WARREN_REPLY_QUEUE_TYPE``, else ``"classic"``; use
    ``"quorum"`` on a RabbitMQ cluster, as the Java producer does), ``persistent`` tasks (default True), ``reply_queue_expires`` (seconds the reply
    queue outlives its last consumer, default 1800), ``broker_loss_timeout`` (seconds without a
    broker before pending futures fail with BrokerUnavailableError, default 60),
    ``max_body_bytes`` (8 MiB), ``connect_timeout`` (30 s).

    **Threads.** Every method may be called from any thread. One I/O thread owns the AMQP connection;
    futures are completed (and their done-callbacks run) on one completion thread of this executor.

    **Futures.** A future stays *pending* until its reply arrives: the executor cannot see when a
    remote worker starts a task, so ``running()`` is False until then and ``cancel()`` succeeds on
    any future not done yet. A cancelled task is skipped by every worker that has not started it;
    one already running finishes and its reply is dropped. Errors: ``RemoteError`` (the task raised
    remotely, or the worker refused it), ``PublishError`` (the broker did not take it),
    ``BrokerUnavailableError``, ``TimeoutError`` (``submit(..., timeout=)``).

    **Delivery.** Every task is published persistent and mandatory with publisher confirms. After a
    lost connection the executor reconnects, re-publishes what the broker had not confirmed (same
    task id; duplicate replies are dropped) and consumes its durable reply queue again. Every task says
    ``warren-worker-info: 0``: no call shows where an ok reply ran, so workers may leave that out of it.
    """

    def __init__(self, uri: str | None = None, queue: str | None = None, client_id: str | None = None, *,
                 queue_type: str = "quorum", reply_queue_type: str | None = None, persistent: bool = True,
                 reply_queue_expires: float = 1800.0,
                 broker_loss_timeout: float = 60.0, max_body_bytes: int = P.MAX_BODY_BYTES,
                 connect_timeout: float = 30.0):
        reply_queue_type = reply_queue_type or os.environ.get("WARREN_REPLY_QUEUE_TYPE") or "classic"
        for name, v in (("queue_type", queue_type), ("reply_queue_type", reply_queue_type)):
            if v not in ("quorum", "classic"):
                raise ValueError("%s must be quorum or classic: %r" % (name, v))
        if reply_queue_expires < 1:
            raise ValueError("reply_queue_expires must be at least 1 s: %r" % (reply_queue_expires,))
        if broker_loss_timeout <= 0 or max_body_bytes < 1:
            raise ValueError("broker_loss_timeout and max_body_bytes must be positive")
        self.queue = P.task_queue(queue)
        self.client_id = P.check_client_id(client_id) if client_id is not None else P.default_client_id()
        self.reply_queue = P.REPLY_PREFIX + self.client_id
        self._persistent = persistent
        self._max_body = max_body_bytes
        self._shutdown = False
        self._terminating = False
        self._pending = Pending(self._maybe_terminate)
        self._completer = Completer("warren-complete-" + self.client_id, max_body_bytes)
        self._link = Link(self.client_id, P.broker_uri(uri), self.queue, self.reply_queue, queue_type,
                          reply_queue_type, reply_queue_expires * 1000, broker_loss_timeout, self._pending,
                          self._completer)
        try:
            self._link.loop.start(connect_timeout)
        except BaseException:
            self._completer.stop()
            raise
        with _exit_lock:
            if _exiting:
                self.shutdown(wait=False)
            _live.add(self)

    def __repr__(self):
        state = "terminated" if self._terminating else "shut down" if self._shutdown else "running"
        return "<warren.Executor %s queue=%s %s, %d pending>" % (self.client_id, self.queue, state,
                                                                 len(self._pending))

    def submit(self, task_name: str, input=None, /, *, timeout: float | None = None):
        """Publishes one task and returns its Future, at once (the publish is confirmed in the background).

        ``timeout``: seconds; the future then fails with TimeoutError if no reply came within it, and no
        worker starts the task after it (it is sent as the task's deadline).

        Raises RuntimeError after shutdown, TypeError/ValueError when the input is not JSON or exceeds
        ``max_body_bytes``, BrokerUnavailableError when the broker has been away for longer than
        ``broker_loss_timeout``.
        """
        if timeout is not None and timeout <= 0:
            raise ValueError("timeout must be positive: %r" % (timeout,))
        deadline = P.now_ms() + int(timeout * 1000) if timeout is not None else 0
        return self._send(task_name, input, 0, deadline, timeout)

    def map(self, task_name: str, inputs, timeout: float | None = None, chunksize: int = 1):
        """Runs the task on every input; returns an iterator of the outputs in input order.

        As in CPython, every input is submitted when map is called. ``timeout`` (seconds) is one
        deadline from this call: ``__next__`` raises TimeoutError when the next output is not there by
        then, and no worker starts a task after it. ``chunksize`` > 1 sends that many inputs per
        message (header ``warren-chunk``); a failed input fails its whole chunk. A failure is raised when
        the iterator reaches it; leaving the iterator early cancels the tasks not done yet.
        """
        if chunksize < 1:
            raise ValueError("chunksize must be >= 1")
        end = time.monotonic() + timeout if timeout is not None else None
        deadline = P.now_ms() + int(timeout * 1000) if timeout is not None else 0
        fs = []
        try:
            if chunksize == 1:
                for x in inputs:
                    fs.append(self._send(task_name, x, 0, deadline, None))
            else:
                for chunk in _chunks(inputs, chunksize):
                    fs.append(self._send(task_name, chunk, len(chunk), deadline, None))
        except BaseException:
            for f in fs:
                f.cancel()
            raise
        return _results(fs, end, chunksize > 1)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False):
        """Stops accepting tasks; idempotent. Tasks already submitted still complete (unless
        ``cancel_futures``: every future not done is cancelled, and workers are told to skip those
        tasks). When none is pending the consumer is cancelled, the reply queue deleted and the
        connection closed. ``wait``: return only then. Submitting afterwards raises RuntimeError."""
        with self._pending.lock:
            self._shutdown = True
        if cancel_futures:
            for e in self._pending.entries():
                e.future.cancel()
        self._maybe_terminate()
        if wait:
            self._link.loop.join()
            if threading.current_thread() is not self._completer.thread:
                self._completer.thread.join()

    # ---------------------------------------------------------------- internals

    def _send(self, task_name, value, chunk, deadline, timeout):
        if not isinstance(task_name, str) or not task_name.strip() or len(task_name.encode("utf-8")) > 255:
            raise ValueError("task_name must be a non-blank string of at most 255 bytes: %r" % (task_name,))
        body = P.encode(value)
        if len(body) > self._max_body:
            raise ValueError("the input of task %s is %d bytes as JSON, over the limit of %d"
                             % (task_name, len(body), self._max_body))
        task_id = str(uuid.uuid4())
        # no call of this executor shows where an ok reply ran (a future holds the value; RemoteError.worker
        # comes from error replies, which keep the worker headers): warren-worker-info: 0 spares them (2.2)
        props = P.task_properties(task_id, task_name, self.reply_queue,
                                  P.task_headers(deadline, chunk, worker_info=False), self._persistent)
        f = _TaskFuture()
        e = Entry(task_id, task_name, props, body, f, deadline, chunk, timeout)
        f._on_cancel = lambda: self._cancelled(e)
        self._pending.add(e, self._admit)
        self._link.send(e)
        return f

    def _admit(self):
        if self._shutdown:
            raise RuntimeError("cannot schedule new futures after shutdown")
        if self._link.broken:
            raise BrokerUnavailableError("the broker at %s is unreachable" % self._link.loop.masked)

    def _cancelled(self, e: Entry):
        if self._pending.pop(e.task_id) is e:
            self._link.cancel(e)

    def _maybe_terminate(self):
        with self._pending.lock:  # the lock submit admits under: no task slips in after the last one ended
            if not self._shutdown or self._terminating or len(self._pending):
                return
            self._terminating = True
        self._link.terminate()


def _chunks(inputs, n):
    chunk = []
    for x in inputs:
        chunk.append(x)
        if len(chunk) == n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _results(fs, end, chunked):
    """Yields in input order; cancels what is left when it stops early (as CPython's map does)."""
    fs.reverse()
    try:
        while fs:
            f = fs.pop()
            try:
                r = f.result() if end is None else f.result(end - time.monotonic())
            except BaseException:
                f.cancel()
                raise
            if chunked:
                yield from r
            else:
                yield r
    finally:
        for f in fs:
            f.cancel()
