#!/usr/bin/python3
"""Checks a running warren worker pool against docs/protocol.md from Python (pika only).

    /usr/bin/python3 python/producer_check.py                      # the Java pool's example tasks on warren.tasks
    /usr/bin/python3 python/producer_check.py --suite python --queue warren.py   # python/worker.py's py.upper

Prints one line per check and `N passed, M failed`; exits 1 on any failure.
"""
import argparse
import json
import os
import sys
import time

import pika

from warren_client import DEFAULT_QUEUE, WarrenClient, now_ms

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


class Checks:
    def __init__(self, client, timeout):
        self.client, self.timeout = client, timeout
        self.passed, self.failed = 0, 0

    def check(self, name, fn):
        try:
            fn()
            self.passed += 1
            print("ok    %s" % name)
        except Exception as e:  # report and go on: every check runs
            self.failed += 1
            print("FAIL  %s: %s: %s" % (name, type(e).__name__, e))

    def ok(self, task, value, expected, **kw):
        reply = self.client.call(task, value, timeout=self.timeout, **kw)
        assert reply.ok, "expected ok, got error %s" % reply.error
        assert reply.value == expected, "expected %r, got %r" % (expected, reply.value)
        for h in ("warren-host", "warren-pid", "warren-child", "warren-started", "warren-finished"):
            assert h in reply.headers, "reply lacks header %s" % h
        return reply

    def error(self, expected_type, task, value=None, **kw):
        reply = self.client.call(task, value, timeout=self.timeout, **kw)
        assert not reply.ok, "expected error %s, got ok %r" % (expected_type, reply.value)
        assert reply.error.type == expected_type, "expected %s, got %s: %s" % (
            expected_type, reply.error.type, reply.error.message)
        for field in ("type", "message", "stack", "attempts", "retryable"):
            assert field in reply.value, "error body lacks %s: %r" % (field, reply.value)
        return reply

    def dead_lettered(self, task_id, reason):
        """The task's copy in <queue>.dead carries the reason headers (it is removed after the check)."""
        ch = self.client.connection.channel()
        try:
            end = time.monotonic() + self.timeout
            while time.monotonic() < end:
                depth = ch.queue_declare(queue=self.client.queue + ".dead", passive=True).method.message_count
                for _ in range(depth):
                    method, props, _body = ch.basic_get(self.client.queue + ".dead", auto_ack=False)
                    if method is None:
                        break
                    if props.message_id == task_id:
                        ch.basic_ack(method.delivery_tag)
                        h = props.headers or {}
                        assert h.get("warren-dead-reason") == reason, "dead reason %r" % h.get("warren-dead-reason")
                        assert h.get("warren-original-queue") == self.client.queue, "original queue %r" % h.get(
                            "warren-original-queue")
                        assert isinstance(h.get("warren-dead-attempts"), int), "dead attempts %r" % h
                        assert h.get("warren-dead-detail"), "no dead detail"
                        return
                    ch.basic_nack(method.delivery_tag, requeue=True)
                time.sleep(0.1)  # polling the dead-letter queue: its copy is confirmed before the reply is sent
            raise AssertionError("task %s not found in %s.dead" % (task_id, self.client.queue))
        finally:
            ch.close()

    def refused(self, expected_type, task, value=None, **kw):
        reply = self.error(expected_type, task, value, **kw)
        assert reply.error.retryable is False, "a %s is not retryable" % expected_type
        self.dead_lettered(reply.task_id, expected_type)


def java_suite(c):
    c.check("cube 3 -> 27", lambda: c.ok("cube", 3, 27))

    def cubes():
        ids = [c.client.submit("cube", n, input_type="java.lang.Integer") for n in range(2, 7)]
        got = [c.client.wait(i, c.timeout).result() for i in ids]
        assert got == [8, 27, 64, 125, 216], got
    c.check("cube 2..6 pipelined -> 8, 27, 64, 125, 216", cubes)
    c.check("cube chunk [2..6] -> one reply of 5 outputs",
            lambda: c.ok("cube", [2, 3, 4, 5, 6], [8, 27, 64, 125, 216], chunk=5))

    def fail():
        r = c.error("java.lang.IllegalStateException", "fail", "boom from python")
        assert "boom from python" in r.error.message, r.error.message
        assert r.error.stack, "no remote stack"
    c.check("fail -> java.lang.IllegalStateException with message and stack", fail)
    c.check("cube with input type java.lang.String -> warren.InputTypeMismatch",
            lambda: c.refused("warren.InputTypeMismatch", "cube", 3, input_type="java.lang.String"))
    c.check("cube \"3\" -> warren.BadInput (no coercion)", lambda: c.refused("warren.BadInput", "cube", "3"))
    common_suite(c, "cube", 3, 27)


def python_suite(c):
    c.check("py.upper hello -> HELLO", lambda: c.ok("py.upper", "hello", "HELLO"))

    def many():
        ids = [c.client.submit("py.upper", w) for w in ("a", "b", "c", "d")]
        got = [c.client.wait(i, c.timeout).result() for i in ids]
        assert got == ["A", "B", "C", "D"], got
    c.check("py.upper a..d pipelined", many)
    c.check("py.upper chunk -> one reply of outputs", lambda: c.ok("py.upper", ["x", "y"], ["X", "Y"], chunk=2))
    c.check("py.upper with input type java.lang.Integer -> warren.InputTypeMismatch",
            lambda: c.refused("warren.InputTypeMismatch", "py.upper", "x", input_type="java.lang.Integer"))
    c.check("py.upper 3 -> warren.BadInput", lambda: c.refused("warren.BadInput", "py.upper", 3))
    c.check("py.upper chunk of the wrong length -> warren.BadInput",
            lambda: c.refused("warren.BadInput", "py.upper", ["x"], chunk=2))
    common_suite(c, "py.upper", "trace", "TRACE")


def common_suite(c, task, value, expected):
    """Checks every worker must pass, whatever its tasks (protocol sections 3, 7, 8)."""
    def trace():
        r = c.ok(task, value, expected, traceparent=TRACEPARENT, tracestate="vendor=1")
        assert r.headers.get("traceparent") == TRACEPARENT, r.headers.get("traceparent")
        assert r.headers.get("tracestate") == "vendor=1", r.headers.get("tracestate")
        assert r.headers.get("warren-protocol") == 1 and r.headers.get("warren-attempt") == 1, r.headers
    c.check("trace context comes back on the reply", trace)
    c.check("numeric headers sent as strings are read",
            lambda: c.ok(task, value, expected, headers={"warren-protocol": "1", "warren-attempt": "1"}))
    c.check("deadline in the past -> warren.DeadlineExceeded",
            lambda: c.refused("warren.DeadlineExceeded", task, value, deadline_ms=now_ms() - 1000))
    c.check("unknown task -> warren.UnknownTask", lambda: c.refused("warren.UnknownTask", "no.such.task", 1))
    c.check("body not JSON -> warren.NotJson", lambda: c.refused("warren.NotJson", task, body=b"{not json"))
    c.check("duplicate keys -> warren.NotJson or BadInput", lambda: duplicate_keys(c, task))
    c.check("protocol version 2 -> warren.UnsupportedProtocol",
            lambda: c.refused("warren.UnsupportedProtocol", task, value, headers={"warren-protocol": 2}))
    c.check("no protocol header -> warren.UnsupportedProtocol",
            lambda: c.refused("warren.UnsupportedProtocol", task, value, headers={"warren-protocol": None}))
    c.check("wrong content type -> warren.BadEnvelope",
            lambda: c.refused("warren.BadEnvelope", task, value, content_type="text/plain"))
    c.check("no task name -> warren.BadEnvelope", lambda: c.refused("warren.BadEnvelope", task, value, type=None))
    c.check("non-numeric attempt header -> warren.BadEnvelope",
            lambda: c.refused("warren.BadEnvelope", task, value, headers={"warren-attempt": "three"}))
    c.check("oversized body -> warren.TooLarge",
            lambda: c.refused("warren.TooLarge", task, body=b'"' + b"x" * (8 * 1024 * 1024) + b'"',
                              enforce_limit=False))
    c.check("a valid task right after the malformed ones succeeds", lambda: c.ok(task, value, expected))


def duplicate_keys(c, task):
    r = c.client.call(task, body=b'{"a":1,"a":2}', timeout=c.timeout)
    assert not r.ok and r.error.type in ("warren.NotJson", "warren.BadInput"), r
    c.dead_lettered(r.task_id, r.error.type)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suite", choices=("java", "python"), default="java")
    ap.add_argument("--uri", help="broker URI (default: $WARREN_BROKER_URI, $RABBITMQ_URI, local guest)")
    ap.add_argument("--queue", default=os.environ.get("WARREN_QUEUE", DEFAULT_QUEUE))
    ap.add_argument("--client-id", default="py-check-%d" % os.getpid())
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for each reply")
    a = ap.parse_args(argv)
    with WarrenClient(a.uri, a.queue, client_id=a.client_id) as client:
        checks = Checks(client, a.timeout)
        (java_suite if a.suite == "java" else python_suite)(checks)
        client.channel.queue_delete(client.reply_queue)
    print("%d passed, %d failed" % (checks.passed, checks.failed))
    return 0 if checks.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
