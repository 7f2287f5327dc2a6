"""The worker's I/O side: consumes tasks, publishes confirmed copies and replies, acks when all are confirmed.

::

    task queue ─► on_task (I/O) ─► inbox ─► Worker.run thread: decide, run the function
                                               │ settle(delivery, [reply | dead-letter copy | re-publish])
    I/O: publish each (mandatory, confirms) ─► every one confirmed ─► basic.ack the delivery
         a nack ─► basic.reject(requeue)      a returned reply ─► retried later, then dead-lettered
    <queue>.control ─► Control: cancellations and crash notes

A delivery belongs to the connection it came on: after a lost connection its tag means nothing, so
what is still unsettled is dropped (the broker redelivers those tasks, and they count as an attempt).
"""
from __future__ import annotations

import collections
import json
import logging

from . import _io
from . import _protocol as P

log = logging.getLogger("warren")

Delivery = collections.namedtuple("Delivery", "gen tag redelivered props body")


class Pub:
    """One message to publish for a delivery. kind: "copy" (re-publish or dead-letter), "reply" (retried
    while its queue is missing, then the task is dead-lettered), "answer" (an error reply to a refused task)."""
    __slots__ = ("routing_key", "props", "body", "kind", "retry", "returned")

    def __init__(self, routing_key, props, body, kind):
        self.routing_key, self.props, self.body, self.kind = routing_key, props, body, kind
        self.retry, self.returned = 0, False


class _Settle:
    __slots__ = ("d", "left", "nacked", "on_missing")

    def __init__(self, d, n, on_missing):
        self.d, self.left, self.nacked, self.on_missing = d, n, False, on_missing


class Control:
    """Cancellations and crash notes from ``<queue>.control`` (protocol 5). Written on the I/O thread."""
    MAX_ENTRIES = 100_000

    def __init__(self):
        self.cancelled = {}  # task id → until (epoch ms)
        self.interrupted = {}  # the cancels that asked to stop a running task: task id → until
        self.crashes = {}    # task id → (description, stderr tail)

    def is_cancelled(self, task_id) -> bool:
        return self.cancelled.get(task_id, -1) >= P.now_ms()

    def accept(self, body: bytes):
        try:
            n = json.loads(body.decode("utf-8"))
        except ValueError:
            log.warning("ignoring an unreadable control message")
            return
        if not isinstance(n, dict) or not isinstance(n.get("id"), str):
            return
        if len(self.cancelled) + len(self.crashes) > self.MAX_ENTRIES:
            now = P.now_ms()
            self.cancelled = {k: v for k, v in self.cancelled.items() if v >= now}
            self.interrupted = {k: v for k, v in self.interrupted.items() if v >= now}
            if len(self.cancelled) + len(self.crashes) > self.MAX_ENTRIES:
                self.cancelled, self.crashes, self.interrupted = {}, {}, {}
        if n.get("op") == "cancel":
            until = n.get("until")
            self.cancelled[n["id"]] = until if isinstance(until, int) else P.now_ms() + 86_400_000
            if n.get("interrupt") is True:
                # a Python task cannot be interrupted: it runs to its end and is then answered warren.Cancelled
                self.interrupted[n["id"]] = self.cancelled[n["id"]]
        elif n.get("op") == "crash":
            self.crashes[n["id"]] = (describe_crash(n), str(n.get("stderr") or ""))


def describe_crash(n: dict) -> str:
    s = "%s (pid %s)" % (n.get("child") or "a child", n.get("pid", "?"))
    if n.get("cause") == "hard-time-limit":
        s += " was killed by its supervisor at the hard time limit"
    s += ", signal %s" % n["signal"] if n.get("signal") else ", exit code %s" % n.get("exit", "?")
    if str(n.get("stderr") or "").strip():
        s += "; stderr tail:\n" + str(n["stderr"])
    return s


class Serve:
    """Every method runs on the I/O thread except the ones marked "any thread"."""

    def __init__(self, name, uri, queue, queue_type, prefetch, reply_retry_delays, inbox, control):
        self.queue, self.queue_type, self.prefetch = queue, queue_type, prefetch
        self.retry_delays = tuple(reply_retry_delays)
        self.inbox, self.control = inbox, control
        self.loop = _io.Loop(uri, "warren-io-" + name, self._setup, self._lost, "warren-" + name)
        self.gen = 0              # any thread reads: the connection deliveries belong to
        self.unsettled = 0        # any thread reads: deliveries taken but not acked yet
        self.cancel_ok = False    # any thread reads: the consumer is cancelled (draining)
        self._stopping = False
        self._ch = None
        self._tag = None
        self._seq = 0
        self._outbox = collections.OrderedDict()  # publish seq → (settle, pub), in publish order

    # ---- any thread
    def settle(self, d, pubs, on_missing=None):
        """Publishes pubs for delivery d, then acks it once all are confirmed (no pubs: acks at once)."""
        self.loop.call(lambda: self._settle(d, list(pubs), on_missing))

    def stop_consuming(self):
        self.loop.call(self._stop_consuming)

    # ---- setup
    def _setup(self, conn, ready, fail):
        def control_channel(ch, next_, fail_):
            def declared(frame):
                q = frame.method.queue
                ch.queue_bind(q, self.queue + P.CONTROL_SUFFIX, routing_key="",
                              callback=lambda _f: ch.basic_consume(q, lambda c, m, p, b: self.control.accept(b),
                                                                   auto_ack=True, callback=next_))
            ch.queue_declare("", exclusive=True, auto_delete=True, callback=declared)

        def work_channel(ch, next_, fail_):
            self._ch, self._seq = ch, 0
            ch.add_on_return_callback(self._on_return)
            ch.add_on_close_callback(lambda c, reason: conn.close() if conn.is_open and not self._stopping else None)
            ch.add_on_cancel_callback(lambda _f: log.error("the broker cancelled the task consumer (queue %s "
                                                           "deleted?)", self.queue))

            def consume(_f):
                if self._stopping:
                    self.cancel_ok = True
                    next_()
                    return
                self._tag = ch.basic_consume(self.queue, self._on_task, auto_ack=False,
                                             callback=lambda _f: next_())
            ch.confirm_delivery(self._on_confirm,
                                callback=lambda _f: ch.basic_qos(prefetch_count=self.prefetch, callback=consume))

        self.gen += 1
        _io.run_steps(conn, [_io.task_topology(self.queue, self.queue_type), _io.open_channel(control_channel),
                             _io.open_channel(work_channel)], ready, fail)

    def _lost(self, _reason):
        self._ch, self._tag = None, None
        dropped = len({id(s) for s, _ in self._outbox.values()})
        self._outbox.clear()
        self.unsettled = 0
        if dropped:
            log.warning("%d tasks were not settled when the connection was lost; the broker redelivers them",
                        dropped)
        if self._stopping:
            self.cancel_ok = True

    # ---- consuming
    def _on_task(self, _ch, method, props, body):
        self.unsettled += 1
        self.inbox.put(Delivery(self.gen, method.delivery_tag, method.redelivered, props, body or b""))

    def _stop_consuming(self):
        self._stopping = True
        ch = self._ch
        if ch is None or not ch.is_open or self._tag is None:
            self.cancel_ok = True
            return

        def cancelled(_f):
            self.cancel_ok = True
        ch.basic_cancel(self._tag, callback=cancelled)

    # ---- settling
    def _settle(self, d, pubs, on_missing):
        if d.gen != self.gen or self._ch is None:
            return  # its connection is gone: the broker redelivers it
        s = _Settle(d, len(pubs), on_missing)
        if not pubs:
            self._ack(s)
        for p in pubs:
            self._publish(s, p)

    def _publish(self, s, p):
        if s.d.gen != self.gen or self._ch is None:
            return
        self._seq += 1
        self._outbox[self._seq] = (s, p)
        p.returned = False
        try:
            self._ch.basic_publish("", p.routing_key, p.body, p.props, mandatory=True)
        except Exception as e:
            log.warning("publishing to %s failed: %s", p.routing_key, e)

    def _on_return(self, _ch, method, props, _body):
        for s, p in self._outbox.values():
            if not p.returned and p.routing_key == method.routing_key and p.props.correlation_id == props.correlation_id:
                p.returned = True
                return

    def _on_confirm(self, frame):
        m = frame.method
        nack = type(m).__name__ == "Nack"
        for s, p in _io.settled(self._outbox, m.delivery_tag, m.multiple):
            if nack:
                log.warning("the broker nacked a message to %s", p.routing_key)
                s.nacked = True
            elif p.returned and p.kind == "reply":
                self._reply_missing(s, p)
                continue
            elif p.returned:
                log.warning("could not answer task %s: reply queue %s does not exist", s.d.props.message_id,
                            p.routing_key)
            s.left -= 1
            if s.left == 0:
                self._ack(s)

    def _reply_missing(self, s, p):
        """The reply queue is missing: a producer re-declares it when it reconnects, so try again later."""
        if p.retry < len(self.retry_delays):
            delay = self.retry_delays[p.retry]
            p.retry += 1
            self.loop.call_later(delay, lambda: self._publish(s, p))
            return
        waited = sum(self.retry_delays)
        log.warning("task %s: reply queue %s did not exist for %.1f s; dead-lettering it", s.d.props.message_id,
                    p.routing_key, waited)
        self._publish(s, s.on_missing(waited))

    def _ack(self, s):
        if s.d.gen != self.gen or self._ch is None or not self._ch.is_open:
            return
        try:
            if s.nacked:
                self._ch.basic_reject(s.d.tag, requeue=True)
            else:
                self._ch.basic_ack(s.d.tag)
        except Exception as e:
            log.warning("settling delivery %s failed: %s", s.d.tag, e)
            return
        self.unsettled -= 1
