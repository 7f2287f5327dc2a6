#!/usr/bin/python3
"""A minimal warren producer using only pika, written from docs/protocol.md (version 1).

    client = WarrenClient("amqp://guest:guest@localhost:5672/%2F")
    reply = client.call("cube", 3)          # -> Reply(ok=True, value=27, ...)
    client.close()

Command line:  /usr/bin/python3 python/warren_client.py cube 3   (prints 27, or the error and exits 1)

Not thread-safe: pika's BlockingConnection belongs to one thread. This is the minimal reference client of
docs/protocol.md section 12 (the protocol tests use it to send malformed messages); applications use the
`warren` package in python/src (warren.Executor: thread-safe futures, reconnection, confirms).
"""
import argparse
import json
import os
import random
import socket
import sys
import time
import uuid

import pika
import pika.exceptions

PROTOCOL_VERSION = 1
CONTENT_TYPE = "application/json"
DEFAULT_QUEUE = "warren.tasks"
DEFAULT_URI = "amqp://guest:guest@localhost:5672/%2F"
MAX_BODY_BYTES = 8 * 1024 * 1024


def now_ms():
    return int(time.time() * 1000)


def broker_uri(explicit=None):
    return explicit or os.environ.get("WARREN_BROKER_URI") or os.environ.get("RABBITMQ_URI") or DEFAULT_URI


def default_client_id():
    """<hostname>-<pid>-<8 random hex>, as the Java producer and warren.Executor: unique per client."""
    host = "".join(c if c.isalnum() or c in ".-" else "-" for c in socket.gethostname() or "host")[:100]
    return "%s-%d-%08x" % (host, os.getpid(), random.getrandbits(32))


def is_rabbitmq(connection):
    """x- queue arguments go only to RabbitMQ (protocol section 4)."""
    props = getattr(connection._impl, "server_properties", None) or {}
    product = props.get("product", b"")
    if isinstance(product, bytes):
        product = product.decode("utf-8", "replace")
    return "rabbitmq" in product.lower()


def declare_task_topology(connection, queue, queue_type="quorum"):
    """The task queue, <queue>.dead and the <queue>.control fanout exchange, declared as the Java side does.

    A queue that already exists with other arguments (406 PRECONDITION_FAILED) is used as it is.
    """
    args = {"x-queue-type": queue_type} if is_rabbitmq(connection) else {}
    for name in (queue, queue + ".dead"):
        ch = connection.channel()
        try:
            ch.queue_declare(queue=name, durable=True, exclusive=False, auto_delete=False, arguments=args)
            ch.close()
        except pika.exceptions.ChannelClosedByBroker as e:
            if e.reply_code != 406:
                raise
            connection.channel().queue_declare(queue=name, passive=True)
    ch = connection.channel()
    ch.exchange_declare(exchange=queue + ".control", exchange_type="fanout", durable=True)
    ch.close()


class RemoteError(Exception):
    """An error reply: the remote exception's class name or a warren.* type, message, stack, attempts."""

    def __init__(self, body):
        self.type = body.get("type", "warren.TaskFailed")
        self.message = body.get("message", "")
        self.stack = body.get("stack", "")
        self.attempts = body.get("attempts", 1)
        self.retryable = body.get("retryable", False)
        super().__init__("%s: %s" % (self.type, self.message))


class Reply:
    def __init__(self, task_id, headers, body):
        self.task_id = task_id
        self.headers = headers
        # anything but "ok" (including a missing status) is an error (protocol 3.2)
        self.ok = _text(headers.get("warren-status")) == "ok"
        try:
            self.value = json.loads(body.decode("utf-8")) if body else None
        except ValueError:
            self.value = None
            if self.ok:
                self.ok = False
        if not self.ok and not (isinstance(self.value, dict) and "type" in self.value):
            self.value = {"type": "warren.BadEnvelope", "message": "unreadable error reply: " + body[:500].decode(
                "utf-8", "replace"), "stack": "", "attempts": 1, "retryable": False}
        self.error = None if self.ok else RemoteError(self.value)

    def result(self):
        """The output, or raises RemoteError."""
        if self.error:
            raise self.error
        return self.value

    def __repr__(self):
        return "Reply(%s, ok=%s, value=%r)" % (self.task_id, self.ok, self.value)


def _text(v):
    return v.decode("utf-8", "replace") if isinstance(v, bytes) else v


class WarrenClient:
    """Publishes tasks (persistent, mandatory, confirmed) and collects replies by correlation id."""

    def __init__(self, uri=None, queue=DEFAULT_QUEUE, client_id=None, reply_expires_ms=600_000):
        self.queue = queue
        self.connection = pika.BlockingConnection(pika.URLParameters(broker_uri(uri)))
        # unique per client unless the caller passes a stable client_id (protocol 4): two clients on one host
        # must not share a reply queue, or replies go round-robin between them and each drops the other's
        self.client_id = client_id or default_client_id()
        self.reply_queue = "warren.reply." + self.client_id
        declare_task_topology(self.connection, queue)
        args = {"x-queue-type": "classic", "x-expires": reply_expires_ms} if is_rabbitmq(self.connection) else {}
        self.channel = self.connection.channel()
        self.channel.queue_declare(queue=self.reply_queue, durable=True, exclusive=False, auto_delete=False,
                                   arguments=args)
        self.channel.confirm_delivery()
        self.replies = {}   # task id -> first Reply
        self.pending = set()
        self.channel.basic_consume(queue=self.reply_queue, on_message_callback=self._on_reply, auto_ack=True)

    def _on_reply(self, _ch, _method, props, body):
        task_id = props.correlation_id
        if task_id is None or task_id not in self.pending:
            return  # a duplicate, a late reply or not ours: dropped (first reply wins)
        self.pending.discard(task_id)
        self.replies[task_id] = Reply(task_id, props.headers or {}, body)

    def submit(self, task, value=None, deadline_ms=None, chunk=None, input_type=None, traceparent=None,
               tracestate=None, task_id=None, headers=None, body=None, enforce_limit=True, **overrides):
        """Publishes one task and waits for the broker's confirm; returns its id.

        body (raw bytes) replaces the JSON encoding of value; headers are merged over the protocol's (None
        removes one); overrides replace AMQP properties; enforce_limit=False lets an oversized body through
        (tests of malformed messages use these).
        Raises pika.exceptions.UnroutableError (no such queue) or NackError: the task was not submitted.
        """
        task_id = task_id or str(uuid.uuid4())
        h = {"warren-protocol": PROTOCOL_VERSION, "warren-attempt": 1}
        if deadline_ms:
            h["warren-deadline"] = int(deadline_ms)
        if chunk:
            h["warren-chunk"] = int(chunk)
        if input_type:
            h["warren-input-type"] = input_type
        if traceparent:
            h["traceparent"] = traceparent
            if tracestate:
                h["tracestate"] = tracestate
        h.update(headers or {})
        h = {k: v for k, v in h.items() if v is not None}
        payload = body if body is not None else json.dumps(value, separators=(",", ":")).encode("utf-8")
        if enforce_limit and len(payload) > MAX_BODY_BYTES:
            raise ValueError("task body of %d bytes exceeds the limit of %d" % (len(payload), MAX_BODY_BYTES))
        props = dict(message_id=task_id, correlation_id=task_id, type=task, reply_to=self.reply_queue,
                     content_type=CONTENT_TYPE, delivery_mode=2, timestamp=int(time.time()), headers=h)
        props.update(overrides)
        self.pending.add(task_id)
        try:
            self.channel.basic_publish(exchange="", routing_key=self.queue, body=payload,
                                       properties=pika.BasicProperties(**props), mandatory=True)
        except Exception:
            self.pending.discard(task_id)
            raise
        return task_id

    def wait(self, task_id, timeout=30.0):
        """The first reply for task_id; raises TimeoutError after timeout seconds."""
        end = time.monotonic() + timeout
        while task_id not in self.replies:
            left = end - time.monotonic()
            if left <= 0:
                self.pending.discard(task_id)
                raise TimeoutError("no reply for task %s within %.1f s" % (task_id, timeout))
            self.connection.process_data_events(time_limit=min(left, 0.5))
        return self.replies.pop(task_id)

    def call(self, task, value=None, timeout=30.0, **kw):
        return self.wait(self.submit(task, value, **kw), timeout)

    def cancel(self, task_id, until_ms=None):
        """Asks every worker not to start task_id (protocol 5)."""
        self.pending.discard(task_id)
        body = json.dumps({"op": "cancel", "id": task_id, "until": until_ms or now_ms() + 3_600_000})
        self.channel.basic_publish(exchange=self.queue + ".control", routing_key="", body=body.encode("utf-8"),
                                   properties=pika.BasicProperties(content_type=CONTENT_TYPE, delivery_mode=1,
                                                                   type="cancel",
                                                                   headers={"warren-protocol": PROTOCOL_VERSION}))

    def close(self):
        """Closes the connection; deletes the reply queue first when no call is pending (as the Java producer)."""
        if self.connection.is_open:
            if not self.pending:
                try:
                    self.channel.queue_delete(self.reply_queue)
                except pika.exceptions.AMQPError:
                    pass
            self.connection.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def main(argv=None):
    ap = argparse.ArgumentParser(description="Submit one warren task and print its result.")
    ap.add_argument("task")
    ap.add_argument("input", help="the task's input as JSON, e.g. 3 or '\"text\"'")
    ap.add_argument("--uri", help="broker URI (default: $WARREN_BROKER_URI, $RABBITMQ_URI, local guest)")
    ap.add_argument("--queue", default=os.environ.get("WARREN_QUEUE", DEFAULT_QUEUE))
    ap.add_argument("--timeout", type=float, default=30.0)
    a = ap.parse_args(argv)
    with WarrenClient(a.uri, a.queue) as client:
        reply = client.call(a.task, json.loads(a.input), timeout=a.timeout,
                            deadline_ms=now_ms() + int(a.timeout * 1000))
        if reply.ok:
            print(json.dumps(reply.value))
            return 0
        print("%s: %s\n%s" % (reply.error.type, reply.error.message, reply.error.stack), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
