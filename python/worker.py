#!/usr/bin/python3
"""A minimal warren worker in Python, written from docs/protocol.md (version 1), using only pika.

Serves `py.upper` (a string -> the string upper-cased) on the queue given as argument:

    /usr/bin/python3 python/worker.py warren.py --uri amqp://guest:guest@localhost:5672/%2F

Per task: decode and validate (protocol section 7, in its order), run, publish the reply with the
status and worker headers (mandatory, confirmed), then ack. Malformed tasks are dead-lettered to
<queue>.dead (confirmed) and answered where they have a reply_to and a message_id. A redelivered
task is re-published with warren-attempt + 1, or dead-lettered as warren.WorkerCrashed past the
maximum. SIGTERM/SIGINT drain: the task in hand finishes; a delivery that arrives while stopping
is re-published unchanged and acked, so it does not count as an attempt.
"""
import argparse
import json
import os
import signal
import socket
import sys
import time
import traceback

import pika
import pika.exceptions

from warren_client import (CONTENT_TYPE, MAX_BODY_BYTES, PROTOCOL_VERSION, broker_uri, declare_task_topology,
                           now_ms)

MAX_ATTEMPTS = 3
MAX_DETAIL = 4096


class Refused(Exception):
    """A task that cannot be run: type is a warren.* error type."""

    def __init__(self, type_, detail):
        super().__init__(detail)
        self.type = type_
        self.detail = detail


def _text(v):
    if v is None:
        return None
    if isinstance(v, bytes):
        v = v.decode("utf-8", "replace")
    return str(v)


def _blank(s):
    return s is None or not str(s).strip()


def _number(headers, key, default):
    """Numeric header: any integer type or a decimal string (protocol 2.2); ValueError otherwise."""
    v = headers.get(key)
    if v is None:
        return default
    if isinstance(v, bool):
        raise ValueError("%s=%r" % (key, v))
    if isinstance(v, (int, float)) or type(v).__name__ == "Decimal":
        return int(v)
    try:
        return int(_text(v).strip())
    except ValueError:
        raise ValueError("%s=%r" % (key, _text(v)))


def _strict_json(body):
    def no_duplicates(pairs):
        obj = {}
        for k, v in pairs:
            if k in obj:
                raise ValueError("duplicate key %r" % k)
            obj[k] = v
        return obj

    def no_constants(name):
        raise ValueError("%s is not JSON" % name)

    return json.loads(body.decode("utf-8"), object_pairs_hook=no_duplicates, parse_constant=no_constants)


def _class_name(e):
    cls = type(e)
    return cls.__qualname__ if cls.__module__ == "builtins" else cls.__module__ + "." + cls.__qualname__


class Task:
    def __init__(self, name, input_type, fn, accepts):
        self.name, self.input_type, self.fn, self.accepts = name, input_type, fn, accepts


TASKS = {"py.upper": Task("py.upper", "java.lang.String", lambda s: s.upper(), lambda v: isinstance(v, str))}


class Worker:
    def __init__(self, uri, queue, child, max_body=MAX_BODY_BYTES, max_attempts=MAX_ATTEMPTS):
        self.queue, self.child, self.max_body, self.max_attempts = queue, child, max_body, max_attempts
        self.host, self.pid = socket.gethostname(), os.getpid()
        self.stopping = False
        self.cancelled = {}  # task id -> until (epoch ms)
        self.connection = pika.BlockingConnection(pika.URLParameters(broker_uri(uri)))
        declare_task_topology(self.connection, queue)
        self.pub = self.connection.channel()
        self.pub.confirm_delivery()
        self.control = self.connection.channel()
        cq = self.control.queue_declare(queue="", exclusive=True, auto_delete=True).method.queue
        self.control.queue_bind(queue=cq, exchange=queue + ".control")
        self.control.basic_consume(queue=cq, on_message_callback=self.on_control, auto_ack=True)
        self.consume = self.connection.channel()
        self.consume.basic_qos(prefetch_count=1)
        self.consumer_tag = self.consume.basic_consume(queue=queue, on_message_callback=self.on_task, auto_ack=False)

    def log(self, task_id, msg):
        print("[%s pid %d] task %s: %s" % (self.child, self.pid, task_id, msg), file=sys.stderr, flush=True)

    # ---- control exchange (protocol 5)
    def on_control(self, _ch, _method, _props, body):
        try:
            msg = json.loads(body.decode("utf-8"))
        except ValueError:
            return
        if isinstance(msg, dict) and msg.get("op") == "cancel" and isinstance(msg.get("id"), str):
            self.cancelled[msg["id"]] = int(msg.get("until") or 0)
        t = now_ms()
        for k in [k for k, until in self.cancelled.items() if until < t]:
            del self.cancelled[k]

    # ---- tasks
    def on_task(self, ch, method, props, body):
        if self.stopping:  # hand it back unchanged: a drain is not an attempt
            self.publish("", self.queue, props, body)
            ch.basic_ack(method.delivery_tag)
            return
        headers = dict(props.headers or {})
        task_id = None if _blank(props.message_id) else props.message_id
        reply_to = None if _blank(props.reply_to) else props.reply_to
        try:
            attempt = max(1, _number(headers, "warren-attempt", 1))
        except ValueError:
            attempt = 1
        started = 0
        try:
            task, value, deadline = self.decode(props, headers, body)
            if method.redelivered:
                self.redelivered(props, headers, body, task_id, reply_to, attempt)
                ch.basic_ack(method.delivery_tag)
                return
            if self.cancelled.get(task_id, 0) >= now_ms():
                self.log(task_id, "cancelled: acked without running")
                ch.basic_ack(method.delivery_tag)
                return
            if deadline and deadline < now_ms():  # checked again just before starting
                raise Refused("warren.DeadlineExceeded", "deadline passed %d ms before a worker could start the task"
                              % (now_ms() - deadline))
            started = now_ms()
            try:
                output = [task.fn(v) for v in value] if headers.get("warren-chunk") else task.fn(value)
                out = json.dumps(output, separators=(",", ":")).encode("utf-8")
                if len(out) > self.max_body:
                    error = {"type": "warren.OutputTooLarge", "message": "output of %d bytes exceeds the limit of %d"
                             % (len(out), self.max_body), "stack": "", "attempts": attempt, "retryable": False}
                    status, out = "error", json.dumps(error).encode("utf-8")
                else:
                    status = "ok"
            except Exception as e:  # the task's own exception: an error reply, not a crash
                error = {"type": _class_name(e), "message": str(e), "stack": traceback.format_exc(),
                         "attempts": attempt, "retryable": True}
                status, out = "error", json.dumps(error).encode("utf-8")
            self.reply(props, headers, task_id, reply_to, status, out, attempt, started)
        except Refused as r:
            self.log(task_id, "dead-lettered: %s: %s" % (r.type, r.detail))
            self.dead_letter(props, headers, body, r.type, r.detail, attempt)
            if reply_to and task_id and r.type != "warren.ReplyQueueMissing":
                error = {"type": r.type, "message": r.detail, "stack": "", "attempts": attempt, "retryable": False}
                try:
                    self.reply(props, headers, task_id, reply_to, "error", json.dumps(error).encode("utf-8"),
                               attempt, started)
                except Refused as again:
                    self.log(task_id, "cannot answer: %s" % again.detail)
        ch.basic_ack(method.delivery_tag)

    def decode(self, props, headers, body):
        """Checks 1-11 and 14-17 of protocol section 7; returns (task, input, deadline) or raises Refused."""
        task_id = None if _blank(props.message_id) else props.message_id
        reply_to = None if _blank(props.reply_to) else props.reply_to
        try:
            attempt = max(1, _number(headers, "warren-attempt", 1))
            deadline = _number(headers, "warren-deadline", 0)
            version = _number(headers, "warren-protocol", -1)
            chunk = _number(headers, "warren-chunk", 0)
        except ValueError as e:
            raise Refused("warren.BadEnvelope", "a numeric header is not a number: %s" % e)
        if version == -1:
            raise Refused("warren.UnsupportedProtocol", "missing header warren-protocol (this worker speaks version %d)"
                          % PROTOCOL_VERSION)
        if version != PROTOCOL_VERSION:
            raise Refused("warren.UnsupportedProtocol", "protocol version %d is not supported (this worker speaks "
                                                        "version %d)" % (version, PROTOCOL_VERSION))
        if task_id is None:
            raise Refused("warren.BadEnvelope", "missing message_id (the task id)")
        if _blank(props.type):
            raise Refused("warren.BadEnvelope", "missing type (the task name)")
        if reply_to is None:
            raise Refused("warren.BadEnvelope", "missing reply_to")
        ct = props.content_type
        if ct is None or ct.lower().split(";")[0].strip() != CONTENT_TYPE:
            raise Refused("warren.BadEnvelope", "content_type must be %s, was %s" % (CONTENT_TYPE, ct))
        body = body or b""
        if len(body) > self.max_body:
            raise Refused("warren.TooLarge", "body of %d bytes exceeds the limit of %d" % (len(body), self.max_body))
        if chunk < 0:
            raise Refused("warren.BadEnvelope", "negative warren-chunk")
        if 0 < deadline < now_ms():
            raise Refused("warren.DeadlineExceeded", "deadline passed %d ms before a worker could start the task"
                          % (now_ms() - deadline))
        task = TASKS.get(props.type)
        if task is None:
            raise Refused("warren.UnknownTask", "no task named %s is registered (known: %s)"
                          % (props.type, ", ".join(sorted(TASKS))))
        declared = _text(headers.get("warren-input-type"))
        if declared is not None and declared != task.input_type:
            raise Refused("warren.InputTypeMismatch", "task %s takes %s, the producer sent %s"
                          % (task.name, task.input_type, declared))
        try:
            value = _strict_json(body)
        except ValueError as e:
            raise Refused("warren.NotJson", "body is not JSON: %s" % e)
        if chunk > 0:
            if not isinstance(value, list) or len(value) != chunk or not all(task.accepts(v) for v in value):
                raise Refused("warren.BadInput", "a chunk must be a JSON array of %d inputs of %s"
                              % (chunk, task.input_type))
        elif not task.accepts(value):
            raise Refused("warren.BadInput", "input of task %s must be %s, got JSON %s"
                          % (task.name, task.input_type, type(value).__name__))
        return task, value, deadline

    def redelivered(self, props, headers, body, task_id, reply_to, attempt):
        """The previous holder died without acking (protocol 6)."""
        why = "redelivered: the previous holder of attempt %d died without acknowledging" % attempt
        if attempt < self.max_attempts:
            headers["warren-attempt"] = attempt + 1
            headers["warren-last-error"] = why
            self.publish("", self.queue, props, body, headers)
            self.log(task_id, "re-published as attempt %d" % (attempt + 1))
            return
        detail = "worker crashed %d times running this task; last: %s" % (attempt, why)
        self.dead_letter(props, headers, body, "warren.WorkerCrashed", detail, attempt)
        error = {"type": "warren.WorkerCrashed", "message": detail, "stack": "", "attempts": attempt,
                 "retryable": False}
        try:
            self.reply(props, headers, task_id, reply_to, "error", json.dumps(error).encode("utf-8"), attempt, 0)
        except Refused as again:
            self.log(task_id, "cannot answer: %s" % again.detail)

    def reply(self, props, headers, task_id, reply_to, status, body, attempt, started):
        h = {"warren-protocol": PROTOCOL_VERSION, "warren-status": status, "warren-attempt": attempt,
             "warren-host": self.host, "warren-pid": self.pid, "warren-child": self.child,
             "warren-started": started, "warren-finished": now_ms()}
        for k in ("traceparent", "tracestate"):
            if headers.get(k) is not None:
                h[k] = _text(headers[k])
        p = pika.BasicProperties(correlation_id=task_id, content_type=CONTENT_TYPE,
                                 delivery_mode=2 if props.delivery_mode == 2 else 1, headers=h)
        try:
            self.pub.basic_publish(exchange="", routing_key=reply_to, body=body, properties=p, mandatory=True)
        except pika.exceptions.UnroutableError:
            raise Refused("warren.ReplyQueueMissing", "reply queue %s does not exist" % reply_to)

    def dead_letter(self, props, headers, body, reason, detail, attempt):
        h = dict(headers)
        h.update({"warren-dead-reason": reason, "warren-dead-detail": detail[:MAX_DETAIL],
                  "warren-dead-attempts": attempt, "warren-original-queue": self.queue})
        self.publish("", self.queue + ".dead", props, body or b"", h, persistent=True)

    def publish(self, exchange, routing_key, props, body, headers=None, persistent=None):
        """A confirmed, mandatory copy of a message with other headers."""
        p = pika.BasicProperties(
            content_type=props.content_type, content_encoding=props.content_encoding,
            headers=props.headers if headers is None else headers,
            delivery_mode=2 if persistent else props.delivery_mode, priority=props.priority,
            correlation_id=props.correlation_id, reply_to=props.reply_to, expiration=props.expiration,
            message_id=props.message_id, timestamp=props.timestamp, type=props.type, user_id=props.user_id,
            app_id=props.app_id, cluster_id=props.cluster_id)
        self.pub.basic_publish(exchange=exchange, routing_key=routing_key, body=body, properties=p, mandatory=True)

    def run(self):
        def stop(_sig, _frame):
            self.stopping = True
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        print("[%s pid %d] serving %s on %s" % (self.child, self.pid, ", ".join(TASKS), self.queue),
              file=sys.stderr, flush=True)
        while not self.stopping:
            self.connection.process_data_events(time_limit=0.5)
        # dispatch what is already buffered (on_task hands it back), then stop deliveries
        self.connection.process_data_events(time_limit=0)
        self.consume.basic_cancel(self.consumer_tag)
        self.connection.close()
        print("[%s pid %d] drained" % (self.child, self.pid), file=sys.stderr, flush=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description="A minimal warren worker in Python serving py.upper.")
    ap.add_argument("queue", help="the task queue, e.g. warren.tasks")
    ap.add_argument("--uri", help="broker URI (default: $WARREN_BROKER_URI, $RABBITMQ_URI, local guest)")
    ap.add_argument("--child", default="py-worker-%d" % os.getpid(), help="this worker's name in replies")
    ap.add_argument("--max-attempts", type=int, default=MAX_ATTEMPTS)
    a = ap.parse_args(argv)
    Worker(a.uri, a.queue, a.child, max_attempts=a.max_attempts).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
