"""The executor's link: its I/O side, on the I/O thread (the pending map and completion thread: _pending).

::

    submit (any thread) ─► Pending.add ─► outgoing ─► Link.flush (I/O) ─► basic.publish, mandatory, persistent
                                                        │  unconfirmed[seq] until basic.ack; nack/return fail it
    reply queue ─► Link.on_reply (I/O) ─► Pending.pop(correlation_id) ─► Completer (own thread) ─► future
    connection lost ─► unconfirmed + backlog re-published in order after reconnect (same message_id)

Whoever pops a task from :class:`Pending` (a reply, its timeout, a cancel, a broker refusal, broker
loss) is the one that completes its future; the others find nothing, so the first reply wins and
duplicates are dropped. Futures are completed on the completion thread, never on the I/O thread,
so a done-callback may block (not on another future of the same executor, though: one thread
completes them all, in order).
"""
from __future__ import annotations

import collections
import logging
import threading

import pika

from . import _io
from . import _protocol as P
from ._pending import Completer, Entry, Pending
from .errors import BrokerUnavailableError, PublishError

log = logging.getLogger("warren")

REPLY_PREFETCH = 2000


class Link:
    """The I/O side of one executor. Every method runs on the I/O thread except where said."""

    def __init__(self, executor_name, uri, queue, reply_queue, queue_type, reply_queue_type, reply_expires_ms,
                 broker_loss_timeout, pending: Pending, completer: Completer):
        self.queue, self.reply_queue, self.queue_type = queue, reply_queue, queue_type
        self.reply_queue_type = reply_queue_type
        self.reply_expires_ms, self.broker_loss_timeout = reply_expires_ms, broker_loss_timeout
        self.pending, self.completer = pending, completer
        self.loop = _io.Loop(uri, "warren-io-" + executor_name, self._setup, self._lost,
                             "warren-producer " + executor_name, self._stopped)
        self.broken = False  # read by any thread: the broker has been away for longer than broker_loss_timeout
        self._outgoing = collections.deque()  # any thread appends; the I/O thread drains
        self._wake_lock = threading.Lock()
        self._wake_pending = False
        self._backlog = []        # entries waiting for a connection, in order
        self._unconfirmed = collections.OrderedDict()  # publish seq → entry, in publish order
        self._seq = 0
        self._pub = self._ctl = self._consume = None
        self._ack_tag, self._acked_tag, self._ack_scheduled = 0, 0, False
        self._loss_timer = None
        self._terminating = False
        self._finished = False
        self._rabbit = False
        self.abandoned = False  # a task was given up on (cancelled, timed out) whose reply may still come

    # ---- any thread
    def send(self, entry: Entry):
        self._outgoing.append(entry)
        with self._wake_lock:
            wake, self._wake_pending = not self._wake_pending, True
        if wake:
            self.loop.call(self._flush)

    def cancel(self, entry: Entry):
        self.abandoned = True
        until = entry.deadline or P.now_ms() + 24 * 3600 * 1000
        self.loop.call(lambda: self._publish_cancel(entry.task_id, until))

    def terminate(self):
        self.loop.call(self._terminate)

    # ---- setup and connection loss
    def _setup(self, conn, ready, fail):
        rabbit = self._rabbit = P.is_rabbitmq(conn.server_properties)
        # an existing reply queue of the other type is used as it is (declare_queue: 406 → passive)
        reply_args = {"x-queue-type": self.reply_queue_type, "x-expires": int(self.reply_expires_ms)} if rabbit else {}

        def publish_channel(ch, next_, fail_):
            self._pub, self._seq = ch, 0
            ch.add_on_return_callback(self._on_return)
            ch.add_on_close_callback(lambda c, reason: self._channel_closed(c, conn, reason))
            ch.confirm_delivery(self._on_confirm, callback=next_)

        def consume_channel(ch, next_, fail_):
            self._consume, self._ack_tag, self._acked_tag = ch, 0, 0
            ch.add_on_close_callback(lambda c, reason: self._channel_closed(c, conn, reason))
            ch.add_on_cancel_callback(lambda _frame: self._resubscribe(conn))
            ch.basic_qos(prefetch_count=REPLY_PREFETCH,
                         callback=lambda _f: ch.basic_consume(self.reply_queue, self._on_reply, auto_ack=False,
                                                              callback=next_))

        def done():
            ready()
            self._reconnected()
        _io.run_steps(conn, [_io.task_topology(self.queue, self.queue_type),
                             _io.declare_queue(self.reply_queue, reply_args),
                             _io.open_channel(publish_channel), _io.open_channel(consume_channel)], done, fail)

    def _channel_closed(self, ch, conn, reason):
        if self._terminating:
            self._finish()
            return
        if not conn.is_open:
            return
        log.warning("executor channel closed by the broker (%s); reconnecting", reason)
        conn.close()  # a fresh connection re-declares everything and re-publishes what is unconfirmed

    def _resubscribe(self, conn):
        log.warning("the broker cancelled the reply consumer (reply queue %s deleted?); re-declaring it",
                    self.reply_queue)
        if not self._terminating and conn.is_open:
            conn.close()

    def _lost(self, _reason):
        if self._terminating:
            self._finish()
            return
        self._pub = self._ctl = self._consume = None
        redo = sorted((e for e in self._unconfirmed.values() if e is not None), key=lambda e: e.order)
        self._unconfirmed.clear()
        self._backlog = sorted(redo + self._backlog, key=lambda e: e.order)
        if self._loss_timer is None:
            self._loss_timer = self.loop.call_later(self.broker_loss_timeout, self._check_loss)

    def _check_loss(self):
        self._loss_timer = None
        if self.loop.ready:
            return
        self.broken = True
        self._backlog.clear()
        n = 0
        for e in self.pending.entries():
            if self.pending.pop(e.task_id) is e:
                n += 1
                self.abandoned = True
                self.completer.fail(e, BrokerUnavailableError(
                    "the broker at %s has been unreachable for %s s; task %s %s may or may not have run"
                    % (self.loop.masked, self.broker_loss_timeout, e.task, e.task_id)))
        log.error("broker %s unreachable for %s s: failed %d pending tasks", self.loop.masked,
                  self.broker_loss_timeout, n)

    def _reconnected(self):
        if self._loss_timer is not None:
            self.loop.remove_timeout(self._loss_timer)
            self._loss_timer = None
        self.broken = False
        redo, self._backlog = self._backlog, []
        n = sum(1 for e in redo if self._publish(e))
        if n:
            log.info("reconnected to %s; re-published %d unconfirmed tasks", self.loop.masked, n)

    # ---- publishing
    def _flush(self):
        with self._wake_lock:
            self._wake_pending = False
        while self._outgoing:
            e = self._outgoing.popleft()
            if e.timeout is not None and self.pending.contains(e.task_id):
                e.timer = self.loop.call_later(e.timeout, lambda e=e: self._expire(e))
            self._publish(e)

    def _publish(self, e: Entry) -> bool:
        if not self.pending.contains(e.task_id):
            return False  # cancelled or failed before it left
        if not self.loop.ready or self._pub is None:
            self._backlog.append(e)
            return False
        self._seq += 1
        self._unconfirmed[self._seq] = e
        try:
            self._pub.basic_publish("", self.queue, e.body, e.props, mandatory=True)
        except Exception as exc:  # the connection is going down: re-published after reconnecting
            log.debug("publishing task %s failed (%s); re-published after reconnecting", e.task_id, exc)
        return True

    def _on_confirm(self, frame):
        m = frame.method
        nack = type(m).__name__ == "Nack"
        for e in _io.settled(self._unconfirmed, m.delivery_tag, m.multiple):
            if nack:
                if self.pending.pop(e.task_id) is e:
                    self.completer.fail(e, PublishError(e.task_id, "the broker refused (nacked) task %s %s for "
                                                        "queue %s" % (e.task, e.task_id, self.queue)))
            else:
                e.body = None  # the broker has it: nothing to re-publish

    def _on_return(self, _ch, method, props, _body):
        e = self.pending.pop(props.message_id) if props.message_id else None
        if e is not None:
            self.completer.fail(e, PublishError(e.task_id, "the broker returned task %s %s: %s %s (no queue is "
                                                "bound to routing key %r)" % (e.task, e.task_id, method.reply_code,
                                                                              method.reply_text, method.routing_key)))

    def _expire(self, e: Entry):
        if self.pending.pop(e.task_id) is e:
            self.abandoned = True
            self.completer.fail(e, TimeoutError("task %s %s got no reply within %s s" % (e.task, e.task_id, e.timeout)))

    def _publish_cancel(self, task_id, until):
        """Tells every worker to skip the task if it has not started it (protocol 5). Best effort."""
        conn = self.loop.connection
        if not self.loop.ready or conn is None:
            return
        body = P.encode({"op": "cancel", "id": task_id, "until": int(until)})
        props = pika.BasicProperties(content_type=P.CONTENT_TYPE, type="cancel", delivery_mode=1,
                                     headers={P.H_PROTOCOL: P.VERSION})

        def publish(ch):
            try:
                ch.basic_publish(self.queue + P.CONTROL_SUFFIX, "", body, props)
            except Exception as exc:
                log.warning("could not publish the cancellation of task %s: %s", task_id, exc)
        if self._ctl is not None and self._ctl.is_open:
            publish(self._ctl)
            return

        def opened(ch):
            self._ctl = ch
            publish(ch)
        conn.channel(on_open_callback=opened)

    # ---- replies
    def _on_reply(self, ch, method, props, body):
        self._ack_tag = method.delivery_tag
        if not self._ack_scheduled:
            self._ack_scheduled = True
            self.loop.call_later(0, lambda: self._flush_acks(ch))
        cid = props.correlation_id
        if P.text((props.headers or {}).get(P.H_STATUS)) == P.STATUS_PROGRESS:
            return  # progress (protocol 3.6) is not a reply; this executor does not ask for it, nor show it
        e = self.pending.pop(cid) if cid else None
        if e is None:
            log.debug("dropped a reply for an unknown or finished task %s (duplicate, late or cancelled)", cid)
            return
        if e.timer is not None:
            self.loop.remove_timeout(e.timer)
        self.completer.reply(e, props.headers, body)

    def _flush_acks(self, ch):
        self._ack_scheduled = False
        if ch is self._consume and ch.is_open and self._ack_tag > self._acked_tag:
            self._acked_tag = self._ack_tag
            try:
                ch.basic_ack(self._ack_tag, multiple=True)
            except Exception as exc:  # closing: unacked replies come again and are dropped as duplicates
                log.debug("acking replies failed: %s", exc)

    # ---- the end
    def _stopped(self):
        """The I/O thread ends (normally, after _finish; or because it failed): nothing may stay pending."""
        for e in self.pending.entries():
            if self.pending.pop(e.task_id) is e:
                self.completer.fail(e, BrokerUnavailableError("the executor's I/O thread ended; task %s %s may or "
                                                              "may not have run" % (e.task, e.task_id)))
        self.completer.stop()

    def _finish(self, *_):
        if not self._finished:
            self._finished = True
            self.loop.stop()
            self.completer.stop()

    def _terminate(self):
        """Cancels the consumer, deletes the reply queue when nothing is pending, closes, stops the loop."""
        self._terminating = True
        self.loop.call_later(10, self._finish)  # a broker that does not answer must not hang shutdown
        ch, tag = self._consume, None
        if ch is not None and ch.is_open and ch.consumer_tags:
            tag = ch.consumer_tags[0]

        finish = self._finish

        def delete(*_):
            # a task given up on (cancelled, timed out) may still be answered: keep its queue then, and let it
            # expire (x-expires), so the worker does not retry that reply for ~24 s and dead-letter it
            if len(self.pending) == 0 and ch.is_open and not (self.abandoned and self._rabbit):
                ch.queue_delete(self.reply_queue, callback=finish)
            else:
                finish()
        if ch is not None and ch.is_open and self.loop.ready:
            self._flush_acks(ch)
            if tag:
                ch.basic_cancel(tag, callback=delete)
            else:
                delete()
        else:
            finish()

