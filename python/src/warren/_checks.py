"""The checks of protocol section 7 that decide whether a delivery can run: pure functions, no I/O."""
from __future__ import annotations

import typing

from . import _protocol as P

_JSON_TYPES = (int, float, str, bool, list, dict)


class Task:
    __slots__ = ("name", "fn", "input_type", "accepts", "accepts_text")

    def __init__(self, name, fn, input_type, accepts):
        self.name, self.fn, self.input_type = name, fn, input_type
        self.accepts, self.accepts_text = acceptor(fn, accepts)


def acceptor(fn, accepts):
    """A predicate on the decoded JSON input: from ``accepts`` (a type, a tuple of types or a predicate), else
    from the first parameter's annotation when it is a plain JSON type; None accepts anything."""
    if accepts is None:
        try:
            hints = typing.get_type_hints(fn)
            params = [p for p in fn.__code__.co_varnames[:fn.__code__.co_argcount] if p != "self"]
            hint = hints.get(params[0]) if params else None
        except Exception:
            hint = None
        accepts = hint if hint in _JSON_TYPES else None
    if accepts is None:
        return None, "any JSON value"
    if callable(accepts) and not isinstance(accepts, (type, tuple)):
        return accepts, getattr(accepts, "__name__", "an accepted value")
    types = accepts if isinstance(accepts, tuple) else (accepts,)

    def ok(v):
        if isinstance(v, bool):
            return bool in types
        if isinstance(v, int) and int not in types:
            return float in types  # JSON 3 is a fine float
        return isinstance(v, types)
    return ok, " or ".join(t.__name__ for t in types)


def json_kind(v) -> str:
    return {bool: "boolean", int: "number", float: "number", str: "string", list: "array", dict: "object",
            type(None): "null"}.get(type(v), type(v).__name__)


def envelope(props, headers, body, max_body):
    """Checks 1-11 of protocol section 7; returns (deadline, chunk) or raises Refused."""
    if all(getattr(props, k) is None for k in ("headers", "message_id", "type", "reply_to", "content_type",
                                                "correlation_id", "delivery_mode")):
        raise P.Refused(P.E_BAD_ENVELOPE, "message has no properties")
    try:
        P.number(headers, P.H_ATTEMPT, 1)
        deadline = P.number(headers, P.H_DEADLINE, 0)
        version = P.number(headers, P.H_PROTOCOL, -1)
        chunk = P.number(headers, P.H_CHUNK, 0)
    except ValueError as e:
        raise P.Refused(P.E_BAD_ENVELOPE, "a numeric header is not a number: %s" % e) from None
    if version == -1:
        raise P.Refused(P.E_UNSUPPORTED_PROTOCOL, "missing header %s (this worker speaks version %d)"
                        % (P.H_PROTOCOL, P.VERSION))
    if version != P.VERSION:
        raise P.Refused(P.E_UNSUPPORTED_PROTOCOL, "protocol version %d is not supported (this worker speaks "
                        "version %d)" % (version, P.VERSION))
    if P.blank(props.message_id):
        raise P.Refused(P.E_BAD_ENVELOPE, "missing message_id (the task id)")
    if P.blank(props.type):
        raise P.Refused(P.E_BAD_ENVELOPE, "missing type (the task name)")
    if P.blank(props.reply_to):
        raise P.Refused(P.E_BAD_ENVELOPE, "missing reply_to")
    ct = props.content_type
    if ct is None or ct.lower().split(";")[0].strip() != P.CONTENT_TYPE:
        raise P.Refused(P.E_BAD_ENVELOPE, "content_type must be %s, was %s" % (P.CONTENT_TYPE, ct))
    if len(body) > max_body:
        raise P.Refused(P.E_TOO_LARGE, "body of %d bytes exceeds the limit of %d" % (len(body), max_body))
    if chunk < 0:
        raise P.Refused(P.E_BAD_ENVELOPE, "%s must not be negative: %d" % (P.H_CHUNK, chunk))
    if 0 < deadline < P.now_ms():
        raise P.Refused(P.E_DEADLINE_EXCEEDED, "deadline passed %d ms before a worker could start the task"
                        % (P.now_ms() - deadline))
    return deadline, chunk


def bind(tasks, props, headers, body, chunk):
    """Checks 14-17: the task is registered, its declared input type matches, the body binds."""
    task = tasks.get(props.type)
    if task is None:
        raise P.Refused(P.E_UNKNOWN_TASK, "no task named %s is registered (known: %s)"
                        % (props.type, ", ".join(sorted(tasks))))
    declared = P.text(headers.get(P.H_INPUT_TYPE))
    if task.input_type and declared and declared not in P.UNTYPED and declared != task.input_type:
        raise P.Refused(P.E_INPUT_TYPE_MISMATCH, "task %s takes %s but the producer sent %s"
                        % (task.name, task.input_type, declared))
    value = P.parse_input(body)
    if chunk > 0:
        if not isinstance(value, list) or len(value) != chunk:
            raise P.Refused(P.E_BAD_INPUT, "%s says %d inputs: the body must be a JSON array of %d inputs"
                            % (P.H_CHUNK, chunk, chunk))
        bad = [v for v in value if not task.accepts(v)] if task.accepts else []
        if bad:
            raise P.Refused(P.E_BAD_INPUT, "an input of task %s in the chunk is JSON %s, not %s"
                            % (task.name, json_kind(bad[0]), task.accepts_text))
    elif task.accepts and not task.accepts(value):
        raise P.Refused(P.E_BAD_INPUT, "the input of task %s must be %s, got JSON %s"
                        % (task.name, task.accepts_text, json_kind(value)))
    return task, value
