"""The I/O thread: one pika SelectConnection at a time on one IOLoop, owned by one thread.

::

    caller threads ── call(fn) ──► IOLoop.add_callback_threadsafe ──► fn() on the I/O thread
                                          │
    I/O thread:  connect ─► setup(conn, ready, fail) ─► ready: on_ready() ... on_lost(reason) ─► backoff ─► connect

Only :meth:`Loop.call` (and :meth:`Loop.start` / :meth:`Loop.stop`) may be used from other threads;
everything else, and every pika object, belongs to the I/O thread. The first connection is made
synchronously by :meth:`start` (its failure is raised to the caller); after that, a lost connection is
re-made in the background with a capped backoff until :meth:`stop`.
"""
from __future__ import annotations

import logging
import threading

import pika
import pika.exceptions
from pika.adapters.select_connection import IOLoop

from . import _protocol as P
from .errors import BrokerUnavailableError

log = logging.getLogger("warren")

BACKOFF = (0.25, 0.5, 1.0, 2.0)


class Loop:
    """Owns the connection. ``setup(conn, ready, fail)`` declares and subscribes on a fresh connection and
    calls ``ready()`` (or ``fail(exc)``); ``on_lost(reason)`` runs when an established connection is lost."""

    def __init__(self, uri: str, name: str, setup, on_lost, connection_name: str, on_stopped=None):
        self.uri = uri
        self.masked = P.mask_uri(uri)
        self.name = name
        self._setup = setup
        self._on_lost = on_lost
        self._on_stopped = on_stopped
        self._params = pika.URLParameters(uri)
        self._params.client_properties = {"connection_name": connection_name, "product": "warren (python)"}
        self._ioloop = IOLoop()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._started = threading.Event()
        self._start_error = None
        self._stopping = False
        self._failures = 0
        self._ever_ready = False
        self.connection = None
        self.ready = False  # I/O thread only: the current connection is set up

    # ---- any thread
    def start(self, timeout: float = 30.0):
        """Connects and runs ``setup``; raises BrokerUnavailableError when that fails."""
        self._thread.start()
        self._ioloop.add_callback_threadsafe(self._connect)
        if not self._started.wait(timeout):
            self.stop()
            raise BrokerUnavailableError("timed out connecting to the broker at %s" % self.masked)
        if self._start_error is not None:
            self._thread.join(5)
            raise self._start_error

    def call(self, fn):
        """Runs fn on the I/O thread, soon. Thread-safe; a no-op once the loop has stopped."""
        if self._thread.is_alive():
            self._ioloop.add_callback_threadsafe(fn)

    def in_loop(self) -> bool:
        return threading.current_thread() is self._thread

    def stop(self):
        """Closes the connection and ends the I/O thread (and waits for it unless called on it)."""
        self.call(self._stop)
        if not self.in_loop():
            self._thread.join(15)

    def join(self, timeout=None):
        if not self.in_loop():
            self._thread.join(timeout)

    # ---- I/O thread
    def call_later(self, delay: float, fn):
        return self._ioloop.call_later(delay, fn)

    def remove_timeout(self, handle):
        self._ioloop.remove_timeout(handle)

    def _run(self):
        try:
            self._ioloop.start()
        except Exception:  # never die silently: a dead I/O thread would hang every future
            log.exception("%s: the I/O loop failed", self.name)
            self._start_error = self._start_error or BrokerUnavailableError("the I/O loop of %s failed" % self.name)
            self._started.set()
        finally:
            try:
                self._ioloop.close()
            except Exception:
                pass
            if self._on_stopped is not None:
                try:
                    self._on_stopped()
                except Exception:
                    log.exception("%s: cleaning up after the I/O loop failed", self.name)

    def _connect(self):
        if self._stopping:
            return
        try:
            pika.SelectConnection(self._params, on_open_callback=self._opened,
                                  on_open_error_callback=self._open_failed, on_close_callback=self._closed,
                                  custom_ioloop=self._ioloop)
        except Exception as e:
            self._open_failed(None, e)

    def _opened(self, conn):
        self.connection = conn

        def ready():
            if conn is not self.connection or self.ready:
                return
            self.ready, self._failures = True, 0
            first, self._ever_ready = not self._ever_ready, True
            if first:
                self._started.set()

        def fail(exc):
            if conn is not self.connection:
                return
            log.error("%s: setting up on %s failed: %s", self.name, self.masked, exc)
            if not self._ever_ready:
                self._start_error = exc if isinstance(exc, Exception) and not isinstance(
                    exc, pika.exceptions.AMQPError) else BrokerUnavailableError(
                    "cannot set up on the broker at %s: %s" % (self.masked, exc))
                self._stopping = True
            if conn.is_open:
                conn.close()

        try:
            self._setup(conn, ready, fail)
        except Exception as e:
            fail(e)

    def _open_failed(self, _conn, err):
        self.connection = None
        if not self._ever_ready:
            self._start_error = BrokerUnavailableError("cannot connect to the broker at %s: %s" % (self.masked, err))
            self._started.set()
            self._ioloop.stop()
            return
        self._retry()

    def _closed(self, conn, reason):
        ours, was_ready = conn is self.connection, self.ready and conn is self.connection
        self.connection, self.ready = None, False
        if ours:  # also a connection lost while being set up: it may have delivered or published already
            try:
                self._on_lost(reason)
            except Exception:
                log.exception("%s: handling the lost connection failed", self.name)
        if self._stopping:
            if not self._ever_ready:
                self._started.set()
            self._ioloop.stop()
            return
        if was_ready:
            log.warning("%s: lost the connection to %s: %s; reconnecting", self.name, self.masked, reason)
        self._retry()

    def _retry(self):
        if self._stopping:
            self._ioloop.stop()
            return
        delay = BACKOFF[min(self._failures, len(BACKOFF) - 1)]
        self._failures += 1
        self._ioloop.call_later(delay, self._connect)

    def _stop(self):
        self._stopping = True
        conn = self.connection
        if conn is not None and (conn.is_open or conn.is_opening):
            try:
                conn.close()
                return  # _closed stops the loop
            except Exception:
                pass
        self._ioloop.stop()


# ---- asynchronous declarations, chained: each step is step(conn, next_, fail)

def run_steps(conn, steps, done, fail):
    """Runs steps one after another on conn, then done(); the first failure calls fail(exc)."""
    steps = list(steps)

    def next_(*_):
        if not steps:
            done()
            return
        step = steps.pop(0)
        try:
            step(conn, next_, fail)
        except Exception as e:
            fail(e)
    next_()


def _on_short_channel(conn, action, next_, fail, on_broker_close=None):
    """Opens a channel, runs action(ch, finish) and closes it; a broker-closed channel goes to on_broker_close."""
    state = {"done": False}

    def opened(ch):
        def closed(_ch, reason):
            if state["done"]:
                return
            state["done"] = True
            if on_broker_close is not None and isinstance(reason, pika.exceptions.ChannelClosedByBroker):
                on_broker_close(reason)
            else:
                fail(reason)

        def finish(*_):
            if state["done"]:
                return
            state["done"] = True
            if ch.is_open:
                ch.close()
            next_()
        ch.add_on_close_callback(closed)
        action(ch, finish)
    conn.channel(on_open_callback=opened)


def declare_queue(name: str, arguments: dict):
    """A durable queue; one that exists with other arguments (406) is used as it is (passive declare)."""
    def step(conn, next_, fail):
        def refused(reason):
            if reason.reply_code != 406:
                fail(reason)
                return
            log.warning("queue %s exists with other arguments than %s; using it as declared", name, arguments)
            _on_short_channel(conn, lambda ch, finish: ch.queue_declare(name, passive=True, callback=finish),
                              next_, fail)
        _on_short_channel(conn, lambda ch, finish: ch.queue_declare(
            name, durable=True, exclusive=False, auto_delete=False, arguments=arguments, callback=finish),
            next_, fail, refused)
    return step


def declare_exchange(name: str):
    def step(conn, next_, fail):
        _on_short_channel(conn, lambda ch, finish: ch.exchange_declare(
            name, exchange_type="fanout", durable=True, callback=finish), next_, fail)
    return step


def task_topology(queue: str, queue_type: str):
    """The task queue, ``<queue>.dead`` and the ``<queue>.control`` fanout exchange (protocol 4)."""
    def step(conn, next_, fail):
        args = {"x-queue-type": queue_type} if P.is_rabbitmq(conn.server_properties) else {}
        run_steps(conn, [declare_queue(queue, args), declare_queue(queue + P.DEAD_SUFFIX, args),
                         declare_exchange(queue + P.CONTROL_SUFFIX)], next_, fail)
    return step


def open_channel(setup):
    """Opens a long-lived channel and hands it to setup(ch, next_, fail)."""
    def step(conn, next_, fail):
        conn.channel(on_open_callback=lambda ch: setup(ch, next_, fail))
    return step


def settled(unconfirmed, tag, multiple):
    """Pops and returns the entries a confirm settles: the one with this tag, or every one up to it."""
    if not multiple:
        e = unconfirmed.pop(tag, None)
        return [] if e is None else [e]
    done = []
    while unconfirmed:
        t = next(iter(unconfirmed))
        if t > tag:
            break
        done.append(unconfirmed.popitem(last=False)[1])
    return done
