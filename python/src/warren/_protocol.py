"""The wire protocol, version 1 (docs/protocol.md): constants and pure functions, no I/O.

Everything here is shared by the executor (a producer) and the worker, and unit-tested without a
broker: header parsing, strict JSON, envelopes of tasks, replies and dead letters, error bodies.
"""
from __future__ import annotations

import json
import os
import random
import re
import socket
import time
import unicodedata
from decimal import Decimal
from urllib.parse import urlsplit, urlunsplit

import pika

VERSION = 1
CONTENT_TYPE = "application/json"
DEFAULT_QUEUE = "warren.tasks"
DEFAULT_URI = "amqp://guest:guest@localhost:5672/%2F"
REPLY_PREFIX = "warren.reply."
DEAD_SUFFIX = ".dead"
CONTROL_SUFFIX = ".control"
MAX_BODY_BYTES = 8 * 1024 * 1024
MAX_ATTEMPTS = 3
MAX_DETAIL = 4096
MAX_DEPTH = 256
MAX_STACK = 16 * 1024

H_PROTOCOL = "warren-protocol"
H_ATTEMPT = "warren-attempt"
H_DEADLINE = "warren-deadline"
H_CHUNK = "warren-chunk"
H_INPUT_TYPE = "warren-input-type"
H_LAST_ERROR = "warren-last-error"
#: which producer-side attempt (retry policy) a task is; informational, workers ignore it (docs/protocol.md 2.2)
H_PRODUCER_ATTEMPT = "warren-producer-attempt"
H_TRACEPARENT = "traceparent"
H_TRACESTATE = "tracestate"
#: ``0``: the producer does not read the worker headers of an ok reply, so a worker may leave them out (2.2)
H_WORKER_INFO = "warren-worker-info"
H_STATUS = "warren-status"
H_HOST = "warren-host"
H_PID = "warren-pid"
H_CHILD = "warren-child"
H_STARTED = "warren-started"
H_FINISHED = "warren-finished"
H_DEAD_REASON = "warren-dead-reason"
H_DEAD_DETAIL = "warren-dead-detail"
H_DEAD_ATTEMPTS = "warren-dead-attempts"
H_ORIGINAL_QUEUE = "warren-original-queue"

E_TASK_FAILED = "warren.TaskFailed"
E_BAD_ENVELOPE = "warren.BadEnvelope"
E_UNSUPPORTED_PROTOCOL = "warren.UnsupportedProtocol"
E_TOO_LARGE = "warren.TooLarge"
E_DEADLINE_EXCEEDED = "warren.DeadlineExceeded"
E_UNKNOWN_TASK = "warren.UnknownTask"
E_INPUT_TYPE_MISMATCH = "warren.InputTypeMismatch"
E_NOT_JSON = "warren.NotJson"
E_BAD_INPUT = "warren.BadInput"
E_WORKER_CRASHED = "warren.WorkerCrashed"
E_OUTPUT_TOO_LARGE = "warren.OutputTooLarge"
E_REPLY_QUEUE_MISSING = "warren.ReplyQueueMissing"
E_CANCELLED = "warren.Cancelled"
STATUS_PROGRESS = "progress"  # a progress message (protocol 3.6): not a reply

#: input type names a Java producer sends for untyped JSON: no declared type (protocol 2.2)
UNTYPED = frozenset(("com.fasterxml.jackson.databind.JsonNode", "java.lang.Object"))

_CLIENT_ID = re.compile(r"[A-Za-z0-9._:-]{1,200}\Z")
_JSON_WS = " \t\n\r"


def now_ms() -> int:
    return int(time.time() * 1000)


def broker_uri(explicit: str | None = None) -> str:
    """The broker URI: explicit, else $WARREN_BROKER_URI, else $RABBITMQ_URI, else local guest."""
    return explicit or os.environ.get("WARREN_BROKER_URI") or os.environ.get("RABBITMQ_URI") or DEFAULT_URI


def task_queue(explicit: str | None = None) -> str:
    """The task queue: explicit, else $WARREN_QUEUE, else warren.tasks (as the Java side)."""
    q = explicit or os.environ.get("WARREN_QUEUE") or DEFAULT_QUEUE
    if len(q) > 200 or q.startswith("amq."):
        raise ValueError("queue must be 1..200 characters and not start with amq.: %r" % q)
    return q


def mask_uri(uri: str) -> str:
    """The URI with its password replaced by ***, for messages and logs."""
    try:
        parts = urlsplit(uri)
        if parts.password is None:
            return uri
        netloc = "%s:***@%s" % (parts.username or "", parts.netloc.rsplit("@", 1)[1])
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    except ValueError:
        return "<unparseable uri>"


def host_name() -> str:
    return os.environ.get("HOSTNAME") or socket.gethostname() or "unknown"


def default_client_id() -> str:
    """``<hostname>-<pid>-<8 random hex>``, as the Java producer: unique per executor, even on one host."""
    host = re.sub(r"[^A-Za-z0-9.-]", "-", socket.gethostname() or "host")[:100]
    return "%s-%d-%08x" % (host, os.getpid(), random.getrandbits(32))


def check_client_id(client_id: str) -> str:
    if not isinstance(client_id, str) or not _CLIENT_ID.match(client_id):
        raise ValueError("client_id must be 1..200 of [A-Za-z0-9._:-]: %r" % (client_id,))
    return client_id


def text(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    return str(v)


def blank(v) -> bool:
    return v is None or not text(v).strip()


def truncate(s: str, limit: int = MAX_DETAIL) -> str:
    return s if len(s) <= limit else s[:limit] + "\u2026"


def number(headers: dict | None, key: str, default: int) -> int:
    """A numeric header: any integer (or integral number) or a decimal string; ValueError otherwise."""
    v = (headers or {}).get(key)
    if v is None:
        return default
    if isinstance(v, bool):
        raise ValueError("%s=%r" % (key, v))
    if isinstance(v, int):
        return v
    if isinstance(v, (float, Decimal)):
        if v != v or v in (float("inf"), float("-inf")):
            raise ValueError("%s=%r" % (key, v))
        return int(v)
    try:
        return int(text(v).strip())
    except ValueError:
        raise ValueError("%s=%r" % (key, text(v))) from None


_JAVA_TRIM = "".join(map(chr, range(33)))  # Java's String.trim(): every char up to U+0020


def worker_info(headers: dict | None) -> bool:
    """False when the task says ``warren-worker-info: 0`` (or ``false``): its producer does not read the worker
    headers of an ok reply (2.2). Read as the Java worker reads it: a boolean as it is, a number truncated
    to an integer, a string trimmed and parsed as a decimal integer; zero means no. Absent, anything else
    (bytes, a list, a table, a timestamp, a string that is not an integer, ``"false"``): send them."""
    v = (headers or {}).get(H_WORKER_INFO)
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float, Decimal)):
        return abs(v) >= 1  # what truncates to 0 (NaN too, as Java's longValue) means no
    if isinstance(v, str):  # Long.parseLong: a sign, then decimal digits (any script's), leading zeros as many
        digits = v.strip(_JAVA_TRIM)
        digits = digits[1:] if digits[:1] in ("+", "-") else digits
        return not digits or any(unicodedata.decimal(c, 1) != 0 for c in digits)
    return True


def is_rabbitmq(server_properties: dict | None) -> bool:
    """x- arguments go only to RabbitMQ (protocol section 4)."""
    product = (server_properties or {}).get("product", b"")
    return "rabbitmq" in (text(product) or "").lower()


def encode(value) -> bytes:
    """Compact UTF-8 JSON; TypeError/ValueError when the value is not JSON (NaN and infinities are not)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


class Refused(Exception):
    """A message that cannot be run: ``type`` is a warren.* error type (section 3.5)."""

    def __init__(self, type_: str, detail: str):
        super().__init__(detail)
        self.type = type_
        self.detail = detail


class _Duplicate(ValueError):
    pass


def _no_duplicates(pairs):
    obj = {}
    for k, v in pairs:
        if k in obj:
            raise _Duplicate("duplicate key %r" % k)
        obj[k] = v
    return obj


def _no_constants(name):
    raise ValueError("%s is not JSON" % name)


_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_no_constants)


def _depth(value) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, (list, dict)):
            deepest = max(deepest, d)
            stack.extend((x, d + 1) for x in (v.values() if isinstance(v, dict) else v))
    return deepest


def parse_input(body: bytes | None):
    """A task body as JSON, strictly (protocol 2.3 and 3.5).

    Raises Refused: ``warren.NotJson`` when the body is not JSON (an empty body, bad UTF-8, a syntax
    error, NaN); ``warren.BadInput`` when it is JSON that does not bind (duplicate keys, trailing
    tokens after the value, nesting deeper than 256).
    """
    try:
        s = (body or b"").decode("utf-8")
    except UnicodeDecodeError as e:
        raise Refused(E_NOT_JSON, "body is not UTF-8: %s" % e) from None
    start = len(s) - len(s.lstrip(_JSON_WS))
    if start == len(s):
        raise Refused(E_NOT_JSON, "body is empty")
    try:
        value, end = _DECODER.raw_decode(s, start)
    except _Duplicate as e:
        raise Refused(E_BAD_INPUT, "body is JSON but has a %s" % e) from None
    except RecursionError:
        raise Refused(E_BAD_INPUT, "JSON nesting deeper than %d levels" % MAX_DEPTH) from None
    except ValueError as e:
        raise Refused(E_NOT_JSON, "body is not valid JSON: %s" % e) from None
    if s[end:].strip(_JSON_WS):
        raise Refused(E_BAD_INPUT, "trailing tokens after the JSON value at character %d" % end)
    if body.count(b"[") + body.count(b"{") > MAX_DEPTH and _depth(value) > MAX_DEPTH:
        raise Refused(E_BAD_INPUT, "JSON nesting deeper than %d levels" % MAX_DEPTH)
    return value


def class_name(exc: BaseException) -> str:
    """``module.QualName`` of an exception's class; builtins unqualified (protocol 3.4)."""
    cls = type(exc)
    return cls.__qualname__ if cls.__module__ == "builtins" else "%s.%s" % (cls.__module__, cls.__qualname__)


def error_body(type_: str, message: str, stack: str, attempts: int, retryable: bool) -> bytes:
    """The closed error body of version 1: exactly these five fields."""
    return encode({"type": type_, "message": message or "", "stack": stack or "", "attempts": int(attempts),
                   "retryable": bool(retryable)})


_ERROR_FIELDS = frozenset(("type", "message", "stack", "attempts", "retryable"))


def read_error(body: bytes | None, attempt: int) -> dict:
    """An error reply's body as a dict of the five fields; an unreadable one as warren.BadEnvelope (3.4)."""
    try:
        e = json.loads((body or b"").decode("utf-8"))
        if (isinstance(e, dict) and not set(e) - _ERROR_FIELDS and isinstance(e.get("attempts"), int)
                and isinstance(e.get("retryable"), bool)
                and all(isinstance(e.get(k, ""), str) for k in ("type", "message", "stack"))):
            return {"type": e.get("type", E_TASK_FAILED), "message": e.get("message", ""), "stack": e.get("stack", ""),
                    "attempts": e["attempts"], "retryable": e["retryable"]}
    except ValueError:
        pass
    start = (body or b"")[:500].decode("utf-8", "replace")
    return {"type": E_BAD_ENVELOPE, "message": "unreadable error reply: " + start, "stack": "", "attempts": attempt,
            "retryable": False}


def task_properties(task_id: str, task: str, reply_to: str, headers: dict, persistent: bool = True):
    return pika.BasicProperties(message_id=task_id, correlation_id=task_id, type=task, reply_to=reply_to,
                                content_type=CONTENT_TYPE, delivery_mode=2 if persistent else 1,
                                timestamp=int(time.time()), headers=headers)


def task_headers(deadline_ms: int = 0, chunk: int = 0, input_type: str | None = None,
                 traceparent: str | None = None, tracestate: str | None = None, worker_info: bool = True) -> dict:
    """A task's headers (2.2); ``worker_info=False`` sends ``warren-worker-info: 0``."""
    h = {H_PROTOCOL: VERSION, H_ATTEMPT: 1}
    if not worker_info:
        h[H_WORKER_INFO] = 0
    if deadline_ms:
        h[H_DEADLINE] = int(deadline_ms)
    if chunk:
        h[H_CHUNK] = int(chunk)
    if input_type:
        h[H_INPUT_TYPE] = input_type
    if traceparent:
        h[H_TRACEPARENT] = traceparent
        if tracestate:
            h[H_TRACESTATE] = tracestate
    return h


def copy_properties(props, headers: dict | None = None, persistent: bool | None = None):
    """The same AMQP properties with other headers (re-publishing, dead-lettering)."""
    return pika.BasicProperties(
        content_type=props.content_type, content_encoding=props.content_encoding,
        headers=props.headers if headers is None else headers,
        delivery_mode=2 if persistent else props.delivery_mode, priority=props.priority,
        correlation_id=props.correlation_id, reply_to=props.reply_to, expiration=props.expiration,
        message_id=props.message_id, timestamp=props.timestamp, type=props.type, user_id=props.user_id,
        app_id=props.app_id, cluster_id=props.cluster_id)


def dead_letter_headers(headers: dict | None, reason: str, detail: str, attempts: int, queue: str) -> dict:
    h = dict(headers or {})
    h.update({H_DEAD_REASON: reason, H_DEAD_DETAIL: truncate(detail or ""), H_DEAD_ATTEMPTS: int(attempts),
              H_ORIGINAL_QUEUE: queue})
    return h


def reply_properties(task_id: str, ok: bool, attempt: int, worker: dict | None, task_headers_: dict | None,
                     persistent: bool):
    """Reply properties (section 3): status, attempt, the five worker headers (none when worker is None),
    trace context copied."""
    h = {H_PROTOCOL: VERSION, H_STATUS: "ok" if ok else "error", H_ATTEMPT: int(attempt)}
    h.update(worker or {})
    for k in (H_TRACEPARENT, H_TRACESTATE):
        v = (task_headers_ or {}).get(k)
        if v is not None:
            h[k] = text(v)
    return pika.BasicProperties(correlation_id=task_id, content_type=CONTENT_TYPE,
                                delivery_mode=2 if persistent else 1, headers=h)


def worker_of(headers: dict | None) -> dict:
    """Where a reply says its task ran: host, pid, child (each None when not said)."""
    h = headers or {}
    try:
        pid = number(h, H_PID, 0) or None
    except ValueError:
        pid = None
    return {"host": text(h.get(H_HOST)), "pid": pid, "child": text(h.get(H_CHILD))}
