"""The executor's pending map and completion thread (see _producer for the data flow).

Whoever pops a task from :class:`Pending` (a reply, its timeout, a cancel, a broker refusal, broker
loss) is the one that completes its future; the others find nothing, so the first reply wins and
duplicates are dropped. :class:`Completer` completes futures on its own thread, never on the I/O
thread, in the order their outcomes arrived.
"""
from __future__ import annotations

import itertools
import json
import logging
import queue as queue_mod
import threading

from . import _protocol as P
from .errors import RemoteError

log = logging.getLogger("warren")
#: The outcome of a ``warren.Cancelled`` answer: the future is cancelled, not failed.
CANCELLED = object()

_order = itertools.count()


class Entry:
    """One published message (a task, or a chunk of a map) and its future."""
    __slots__ = ("task_id", "task", "props", "body", "future", "deadline", "chunk", "timeout", "timer", "order")

    def __init__(self, task_id, task, props, body, future, deadline, chunk, timeout):
        self.task_id, self.task, self.props, self.body, self.future = task_id, task, props, body, future
        self.deadline, self.chunk, self.timeout, self.timer = deadline, chunk, timeout, None
        self.order = next(_order)


class Pending:
    """task id → Entry, behind one lock; calls on_empty whenever it becomes empty."""

    def __init__(self, on_empty):
        self._map = {}
        self.lock = threading.Lock()
        self._on_empty = on_empty

    def add(self, entry: Entry, admit):
        """Adds the entry if admit() (called under the lock) does not raise."""
        with self.lock:
            admit()
            self._map[entry.task_id] = entry

    def pop(self, task_id):
        with self.lock:
            e = self._map.pop(task_id, None)
            empty = e is not None and not self._map
        if empty:
            self._on_empty()
        return e

    def contains(self, task_id) -> bool:
        return task_id in self._map

    def entries(self):
        with self.lock:
            return list(self._map.values())

    def __len__(self):
        return len(self._map)


class Completer:
    """The thread that completes futures, in the order their outcomes arrived."""

    def __init__(self, name, max_body_bytes):
        self._q = queue_mod.SimpleQueue()
        self._max_body = max_body_bytes
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.thread.start()

    def reply(self, entry, headers, body):
        self._q.put((entry, headers, body, None))

    def fail(self, entry, exc):
        self._q.put((entry, None, None, exc))

    def stop(self):
        self._q.put(None)

    def _run(self):
        while True:
            item = self._q.get()
            if item is None:
                return
            entry, headers, body, exc = item
            try:
                value = None
                if exc is None:
                    value, exc = self._outcome(entry, headers, body)
                f = entry.future
                if exc is CANCELLED:
                    f._on_cancel = None  # the workers know already
                    f.cancel()
                    continue
                if f.set_running_or_notify_cancel():
                    if exc is None:
                        f.set_result(value)
                    else:
                        f.set_exception(exc)
            except Exception:  # a broken callback must not stop the completion of every other future
                log.exception("completing task %s %s failed", entry.task, entry.task_id)

    def _outcome(self, entry, headers, body):
        headers = headers or {}
        try:
            attempt = P.number(headers, P.H_ATTEMPT, 1)
        except ValueError:
            attempt = 1
        worker = P.worker_of(headers)
        body = body or b""
        if len(body) > self._max_body:
            return None, RemoteError(entry.task, entry.task_id, {
                "type": P.E_OUTPUT_TOO_LARGE, "message": "reply of %d bytes exceeds this executor's limit of %d"
                % (len(body), self._max_body), "attempts": attempt}, worker)
        if P.text(headers.get(P.H_STATUS)) != "ok":
            error = P.read_error(body, attempt)
            if error.get("type") == P.E_CANCELLED:
                return None, CANCELLED  # cancelled elsewhere (warren cancel ID): the future ends cancelled
            return None, RemoteError(entry.task, entry.task_id, error, worker)
        try:
            value = json.loads(body.decode("utf-8"))
        except ValueError:
            value = ValueError
        if value is ValueError or (entry.chunk and not (isinstance(value, list) and len(value) == entry.chunk)):
            return None, RemoteError(entry.task, entry.task_id, {
                "type": P.E_BAD_ENVELOPE, "message": "unreadable output: " + body[:500].decode("utf-8", "replace"),
                "attempts": attempt}, worker)
        return value, None
