"""Protocol checks sent with the minimal pika client (python/warren_client.py), shared by the Java pool's
tests and warren.Worker's: every case checks the reply (and the dead letter) against docs/protocol.md.

Formerly python/producer_check.py; every case it checked is here.
"""
import time

from warren_client import now_ms

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
WORKER_HEADERS = ("warren-host", "warren-pid", "warren-child", "warren-started", "warren-finished")
ERROR_FIELDS = ("type", "message", "stack", "attempts", "retryable")


class Checks:
    def __init__(self, client, timeout=30.0):
        self.client, self.timeout = client, timeout

    def ok(self, task, value, expected, **kw):
        reply = self.client.call(task, value, timeout=self.timeout, **kw)
        assert reply.ok, "expected ok, got error %s" % reply.error
        assert reply.value == expected, "expected %r, got %r" % (expected, reply.value)
        for h in WORKER_HEADERS:
            assert h in reply.headers, "reply lacks header %s" % h
        return reply

    def error(self, expected_type, task, value=None, **kw):
        reply = self.client.call(task, value, timeout=self.timeout, **kw)
        assert not reply.ok, "expected error %s, got ok %r" % (expected_type, reply.value)
        assert reply.error.type == expected_type, "expected %s, got %s: %s" % (
            expected_type, reply.error.type, reply.error.message)
        assert sorted(reply.value) == sorted(ERROR_FIELDS), "error body fields %r" % sorted(reply.value)
        return reply

    def dead_lettered(self, task_id, reason, timeout=None):
        """The task's copy in <queue>.dead carries the reason headers (it is removed after the check)."""
        ch = self.client.connection.channel()
        try:
            end = time.monotonic() + (timeout or self.timeout)
            while time.monotonic() < end:
                n = ch.queue_declare(queue=self.client.queue + ".dead", passive=True).method.message_count
                for _ in range(n):
                    method, props, _body = ch.basic_get(self.client.queue + ".dead", auto_ack=False)
                    if method is None:
                        break
                    if props.message_id == task_id:
                        ch.basic_ack(method.delivery_tag)
                        h = props.headers or {}
                        assert h.get("warren-dead-reason") == reason, "dead reason %r" % h.get("warren-dead-reason")
                        assert h.get("warren-original-queue") == self.client.queue, h
                        assert isinstance(h.get("warren-dead-attempts"), int), "dead attempts %r" % h
                        assert h.get("warren-dead-detail"), "no dead detail"
                        return h
                    ch.basic_nack(method.delivery_tag, requeue=True)
                time.sleep(0.05)  # polling the dead-letter queue, as a person would
            raise AssertionError("task %s not found in %s.dead" % (task_id, self.client.queue))
        finally:
            ch.close()

    def refused(self, expected_type, task, value=None, **kw):
        reply = self.error(expected_type, task, value, **kw)
        assert reply.error.retryable is False, "a %s is not retryable" % expected_type
        self.dead_lettered(reply.task_id, expected_type)
        return reply


def _trace(c, task, value, expected):
    r = c.ok(task, value, expected, traceparent=TRACEPARENT, tracestate="vendor=1")
    assert r.headers.get("traceparent") == TRACEPARENT, r.headers.get("traceparent")
    assert r.headers.get("tracestate") == "vendor=1", r.headers.get("tracestate")
    assert r.headers.get("warren-protocol") == 1 and r.headers.get("warren-attempt") == 1, r.headers


def _duplicate_keys(c, task, value, expected):
    r = c.client.call(task, body=b'{"a":1,"a":2}', timeout=c.timeout)
    assert not r.ok and r.error.type in ("warren.NotJson", "warren.BadInput"), r
    c.dead_lettered(r.task_id, r.error.type)


#: (name, check(c, task, value, expected)): what every worker must pass, whatever its tasks (sections 3, 7, 8)
COMMON = [
    ("trace context comes back on the reply", _trace),
    ("numeric headers sent as strings are read",
     lambda c, t, v, e: c.ok(t, v, e, headers={"warren-protocol": "1", "warren-attempt": "1"})),
    ("deadline in the past -> warren.DeadlineExceeded",
     lambda c, t, v, e: c.refused("warren.DeadlineExceeded", t, v, deadline_ms=now_ms() - 1000)),
    ("unknown task -> warren.UnknownTask", lambda c, t, v, e: c.refused("warren.UnknownTask", "no.such.task", 1)),
    ("body not JSON -> warren.NotJson", lambda c, t, v, e: c.refused("warren.NotJson", t, body=b"{not json")),
    ("duplicate keys -> warren.NotJson or BadInput", _duplicate_keys),
    ("protocol version 2 -> warren.UnsupportedProtocol",
     lambda c, t, v, e: c.refused("warren.UnsupportedProtocol", t, v, headers={"warren-protocol": 2})),
    ("no protocol header -> warren.UnsupportedProtocol",
     lambda c, t, v, e: c.refused("warren.UnsupportedProtocol", t, v, headers={"warren-protocol": None})),
    ("wrong content type -> warren.BadEnvelope",
     lambda c, t, v, e: c.refused("warren.BadEnvelope", t, v, content_type="text/plain")),
    ("no task name -> warren.BadEnvelope", lambda c, t, v, e: c.refused("warren.BadEnvelope", t, v, type=None)),
    ("non-numeric attempt header -> warren.BadEnvelope",
     lambda c, t, v, e: c.refused("warren.BadEnvelope", t, v, headers={"warren-attempt": "three"})),
    ("oversized body -> warren.TooLarge",
     lambda c, t, v, e: c.refused("warren.TooLarge", t, body=b'"' + b"x" * (8 * 1024 * 1024) + b'"',
                                  enforce_limit=False)),
    ("a valid task right after the malformed ones succeeds", lambda c, t, v, e: c.ok(t, v, e)),
]
