"""The exceptions warren raises. Every one is a WarrenError."""
from __future__ import annotations


class WarrenError(Exception):
    """The root of warren's own exceptions."""


class _RemoteTraceback(Exception):
    """Carries the remote stack as text, so a printed traceback shows where the task failed (as CPython's
    ProcessPoolExecutor does)."""

    def __init__(self, stack: str):
        super().__init__(stack)
        self.stack = stack

    def __str__(self):
        return '\n"""\n%s"""' % self.stack


class RemoteError(WarrenError):
    """A task failed on a worker: its code raised, or the worker refused the message.

    Attributes: ``type`` (the remote exception's class name, e.g. ``java.lang.IllegalStateException``
    or ``ValueError``, or a ``warren.*`` error type such as ``warren.UnknownTask``), ``message``,
    ``stack`` (the remote stack trace as text; ``""`` for protocol errors), ``attempts`` (how many
    times the task had been attempted), ``retryable`` (whether submitting the same input again may
    succeed), ``task`` and ``task_id``, and ``worker`` (a dict of ``host``, ``pid``, ``child``, each
    None when the reply did not say).
    """

    def __init__(self, task: str, task_id: str, error: dict, worker: dict | None = None):
        self.task = task
        self.task_id = task_id
        self.type = error.get("type") or "warren.TaskFailed"
        self.message = error.get("message") or ""
        self.stack = error.get("stack") or ""
        self.attempts = int(error.get("attempts") or 1)
        self.retryable = bool(error.get("retryable"))
        self.worker = dict(worker or {"host": None, "pid": None, "child": None})
        super().__init__(self._describe())
        if self.stack:
            self.__cause__ = _RemoteTraceback(self.stack)

    def _describe(self) -> str:
        w = self.worker
        where = "".join(s for s in (
            " in %s" % w["child"] if w.get("child") else "",
            " pid %s" % w["pid"] if w.get("pid") else "",
            " on %s" % w["host"] if w.get("host") else ""))
        return "%s failed%s: %s%s" % (self.task, where, self.type, ": " + self.message if self.message else "")

    def __reduce__(self):
        return (_rebuild, (self.task, self.task_id, {"type": self.type, "message": self.message, "stack": self.stack,
                                                     "attempts": self.attempts, "retryable": self.retryable},
                           self.worker))


def _rebuild(task, task_id, error, worker):
    return RemoteError(task, task_id, error, worker)


class PublishError(WarrenError):
    """The broker did not take the task (no queue of that name, or it nacked it): it was not submitted."""

    def __init__(self, task_id: str, message: str):
        super().__init__(message)
        self.task_id = task_id


class BrokerUnavailableError(WarrenError, ConnectionError):
    """The broker cannot be reached: at connect, or for longer than ``broker_loss_timeout`` while running.
    A pending task that fails with it may or may not have run."""
