#!/usr/bin/python3
"""Sends every case of docs/error-cases.json to a running worker pool with nothing but pika.

    /usr/bin/python3 python/malformed_check.py --queue Q [--uri URI] [--cases docs/error-cases.json]

One case per way to get each error type of docs/protocol.md section 3.5: the pool must answer with
the type the list names, dead-letter the message or not, and reply or not, as the list says; then
a valid task must still work. The pool must run with the list's "worker" settings
(WARREN_MAX_BODY_BYTES, WARREN_SOFT_TIME_LIMIT, WARREN_MAX_ATTEMPTS) and the example tasks;
scripts/python-interop.sh starts one. Standalone on purpose: written from the page and the list
alone. Prints one line per case and `N passed, M failed`; exits 1 on any failure.
"""
import argparse
import json
import os
import sys
import time
import uuid

import pika

HERE = os.path.dirname(os.path.abspath(__file__))
WAIT = 60  # seconds; a reply whose queue is missing is retried for ~24 s first


def body_of(case):
    b = case["body"]
    if "text" in b:
        return b["text"].encode("utf-8")
    if "repeat" in b:
        return "".join(s * n for s, n in b["repeat"]).encode("utf-8")
    return json.dumps(b["json"], separators=(",", ":")).encode("utf-8")


def value(v):
    if v == "{past}":
        return int(time.time() * 1000) - 60000
    if v == "{missing-queue}":
        return "warren.reply.nobody-" + uuid.uuid4().hex
    return v


def message(case, reply_queue):
    """(properties or None, message_id or None, body) for a case, built as the list's "message" field says."""
    body = body_of(case)
    if case.get("no_properties"):
        return None, None, body
    mid = str(uuid.uuid4())
    headers = {"warren-protocol": 1}
    for k, v in case.get("headers", {}).items():
        if v is None:
            headers.pop(k, None)
        else:
            headers[k] = value(v)
    p = {"message_id": mid, "correlation_id": mid, "type": case.get("task"), "reply_to": reply_queue,
         "content_type": "application/json"}
    for k, v in case.get("properties", {}).items():
        p[k] = value(v)
    return pika.BasicProperties(delivery_mode=2, headers=headers, **p), p["message_id"], body


class Wire:
    def __init__(self, uri, queue):
        self.conn = pika.BlockingConnection(pika.URLParameters(uri))
        self.ch = self.conn.channel()
        self.ch.confirm_delivery()
        self.queue, self.dead_queue = queue, queue + ".dead"
        self.reply_queue = "warren.reply.malformed-check-" + uuid.uuid4().hex[:12]
        self.ch.queue_declare(self.reply_queue, exclusive=True, auto_delete=True)
        self.replies = {}
        self.ch.basic_consume(self.reply_queue, self.on_reply, auto_ack=True)

    def on_reply(self, _ch, _method, props, body):
        self.replies[props.correlation_id] = (props, body)

    def publish(self, props, body):
        self.ch.basic_publish("", self.queue, body, properties=props, mandatory=True)

    def until(self, cond, what, timeout=WAIT):
        end = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > end:
                raise AssertionError("no %s within %d s" % (what, timeout))
            self.conn.process_data_events(time_limit=0.05)

    def next_dead(self):
        got = []

        def poll():
            method, props, body = self.ch.basic_get(self.dead_queue, auto_ack=True)
            if method is not None:
                got.append((props, body))
            return got
        self.until(poll, "dead letter on " + self.dead_queue)
        return got[0]

    def dead_count(self):
        return self.ch.queue_declare(self.dead_queue, passive=True).method.message_count

    def probe(self):
        """A valid task; once its reply is here, every reply the previous case caused has arrived (FIFO)."""
        props, mid, _ = message({"task": "cube", "body": {"json": 5}}, self.reply_queue)
        self.publish(props, b"5")
        self.until(lambda: mid in self.replies, "reply to the probe")
        assert self.replies[mid][1] == b"125", "probe: %r" % (self.replies[mid][1],)

    def forget(self):
        self.probe()
        self.replies.clear()
        self.ch.queue_purge(self.dead_queue)


def check(wire, case):
    expect = case["expect"]
    props, mid, body = message(case, wire.reply_queue)
    wire.publish(props, body)
    if expect["reply"]:
        wire.until(lambda: mid in wire.replies, "reply")
        rprops, rbody = wire.replies[mid]
        assert (rprops.headers or {}).get("warren-status") == "error", "status %r" % rprops.headers
        err = json.loads(rbody)
        assert err["type"] == expect["type"], "expected %s, got %s: %s" % (expect["type"], err["type"], err["message"])
        assert err["message"], "no message"
        assert err["retryable"] is (not expect["type"].startswith("warren.")), "retryable %r" % err["retryable"]
        assert isinstance(err["attempts"], int) and err["attempts"] >= 1, "attempts %r" % err["attempts"]
    if expect["dead_lettered"]:
        dprops, dbody = wire.next_dead()
        h = dprops.headers or {}
        assert h.get("warren-dead-reason") == expect["type"], "dead reason %r" % h.get("warren-dead-reason")
        assert (dprops.message_id == mid) if mid else (dbody == body), "another message was dead-lettered"
        assert h.get("warren-original-queue") == wire.queue, "original queue %r" % h.get("warren-original-queue")
        assert h.get("warren-dead-detail"), "no dead detail"
        assert isinstance(h.get("warren-dead-attempts"), int), "dead attempts %r" % h.get("warren-dead-attempts")
    wire.probe()
    if not expect["reply"]:
        assert mid is None or mid not in wire.replies, "answered, but the list says no reply"
        assert None not in wire.replies, "a reply without a correlation_id"
    assert wire.dead_count() == 0, "other messages were dead-lettered"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--uri", default=os.environ.get("WARREN_BROKER_URI", "amqp://guest:guest@127.0.0.1:5672/%2F"))
    ap.add_argument("--queue", default="warren.tasks")
    ap.add_argument("--cases", default=os.path.join(HERE, "..", "docs", "error-cases.json"))
    args = ap.parse_args()
    with open(args.cases, encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    wire = Wire(args.uri, args.queue)
    passed = failed = 0
    clean = True
    for case in cases:
        label = "%s: %s" % (case["row"], case["name"])
        if case.get("send", True) is False:
            print("skip  %s (%s)" % (label, case["why"]))
            continue
        try:
            if not clean:
                wire.forget()  # the case before failed half-way: start from a clean slate
            clean = False
            check(wire, case)
            clean = True
            passed += 1
            print("ok    " + label)
        except Exception as e:  # report and go on: every case runs
            failed += 1
            print("FAIL  %s: %s: %s" % (label, type(e).__name__, e))
    wire.conn.close()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
