"""The pure parts of the protocol, without a broker."""
import datetime
import json
import pickle
from decimal import Decimal

import pika
import pytest

import warren
from warren import _protocol as P
from warren._checks import Task, bind, envelope
from warren._serve import Control, describe_crash
from warren._checks import acceptor as _acceptor


@pytest.mark.parametrize("body, expected", [
    (b"3", 3), (b' {"a": [1, 2]} \n', {"a": [1, 2]}), (b'"x"', "x"), (b"null", None), (b"[]", []),
])
def test_a_json_body_parses(body, expected):
    assert P.parse_input(body) == expected


@pytest.mark.parametrize("body, error", [
    (b"", P.E_NOT_JSON),                       # empty: NotJson (section 3.5)
    (b"  \n", P.E_NOT_JSON),
    (b"{not json", P.E_NOT_JSON),
    (b"NaN", P.E_NOT_JSON),
    (b"\xff\xfe", P.E_NOT_JSON),
    (b'{"a":1,"a":2}', P.E_BAD_INPUT),         # duplicate keys: JSON that does not bind
    (b"1 2", P.E_BAD_INPUT),                   # trailing tokens
    (b'"x" }', P.E_BAD_INPUT),
    (b"[" * 257 + b"]" * 257, P.E_BAD_INPUT),  # deeper than 256
    (b"[" * 5000 + b"]" * 5000, P.E_BAD_INPUT),
])
def test_a_malformed_body_is_refused_with_the_type_of_the_protocol_table(body, error):
    with pytest.raises(P.Refused) as e:
        P.parse_input(body)
    assert e.value.type == error


def test_nesting_of_exactly_256_levels_is_accepted():
    assert P._depth(P.parse_input(b"[" * 256 + b"]" * 256)) == 256


@pytest.mark.parametrize("value, expected", [(1, 1), ("2", 2), (b" 3 ", 3), (7.0, 7), (None, 9)])
def test_numeric_headers_accept_integers_and_decimal_strings(value, expected):
    assert P.number({"h": value} if value is not None else {}, "h", 9) == expected


@pytest.mark.parametrize("value", ["three", True, b"1.5x", float("nan")])
def test_numeric_headers_refuse_anything_else(value):
    with pytest.raises(ValueError):
        P.number({"h": value}, "h", 0)


def test_default_client_ids_are_unique_in_one_process():
    ids = {P.default_client_id() for _ in range(100)}
    assert len(ids) == 100
    assert all(P.check_client_id(i) for i in ids)


@pytest.mark.parametrize("bad", ["", "has space", "x" * 201, "a/b"])
def test_a_client_id_outside_the_allowed_characters_is_refused(bad):
    with pytest.raises(ValueError):
        P.check_client_id(bad)


def test_the_password_is_masked_in_uris():
    assert P.mask_uri("amqp://guest:secret@host:5672/%2F") == "amqp://guest:***@host:5672/%2F"
    assert P.mask_uri("amqp://host/") == "amqp://host/"


def test_exception_types_are_named_as_the_protocol_says():
    assert P.class_name(ValueError("x")) == "ValueError"
    assert P.class_name(json.JSONDecodeError("m", "d", 0)) == "json.decoder.JSONDecodeError"


def test_an_error_body_has_exactly_the_five_fields():
    assert json.loads(P.error_body("T", None, None, 2, True)) == {
        "type": "T", "message": "", "stack": "", "attempts": 2, "retryable": True}


@pytest.mark.parametrize("body", [b"nope", b'"text"', b'{"type":"x","message":"m","stack":"","attempts":1}',
                                  b'{"type":"x","attempts":1,"retryable":false,"extra":1}'])
def test_an_unreadable_error_reply_reads_as_bad_envelope(body):
    e = P.read_error(body, 2)
    assert e["type"] == P.E_BAD_ENVELOPE and e["attempts"] == 2 and body[:4].decode("utf-8", "replace") in e["message"]


def test_an_error_reply_without_type_reads_as_task_failed():
    assert P.read_error(b'{"attempts":1,"retryable":true}', 1)["type"] == P.E_TASK_FAILED


def test_task_headers_say_warren_worker_info_0_only_when_asked():
    assert P.task_headers(worker_info=False) == {"warren-protocol": 1, "warren-attempt": 1, "warren-worker-info": 0}
    assert P.H_WORKER_INFO not in P.task_headers(123, 2, "java.lang.Integer")


# as the Java worker reads the header (TaskEnvelope.workerInfo): a boolean as it is, a number's long value,
# a string trimmed and parsed as a long; only zero (or false) turns the worker headers off
@pytest.mark.parametrize("value", [0, False, "0", " 0\t", "-0", "+000", "0" * 5000, "\u0660", Decimal("0.5"),
                                   -0.9, float("nan")],
                         ids=["0", "false", "'0'", "trimmed", "-0", "+000", "5000 zeros", "arabic-indic zero",
                              "decimal 0.5", "float -0.9", "nan"])
def test_warren_worker_info_zero_or_false_means_the_producer_does_not_read_the_worker_headers(value):
    assert P.worker_info({P.H_WORKER_INFO: value}) is False


@pytest.mark.parametrize("value", [None, 1, True, 2, -1, "1", "false", "no", "", "+", "0.0", "0_0", "0x0",
                                   b"0", [0], {"a": 0}, Decimal("1.5"), float("inf"),
                                   datetime.datetime(1970, 1, 1), "\u00a00"],
                         ids=["absent", "1", "true", "2", "-1", "'1'", "'false'", "'no'", "empty", "sign only",
                              "'0.0'", "'0_0'", "'0x0'", "byte array", "array", "table", "decimal 1.5", "inf",
                              "timestamp", "no-break space"])
def test_warren_worker_info_absent_or_anything_else_means_send_them(value):
    assert P.worker_info({} if value is None else {P.H_WORKER_INFO: value}) is True


def test_a_remote_error_names_the_task_the_worker_and_the_remote_type():
    e = warren.RemoteError("cube", "id-1", {"type": "java.lang.ArithmeticException", "message": "overflow",
                                            "stack": "at X", "attempts": 2, "retryable": True},
                           {"host": "h", "pid": 12, "child": "child-1"})
    assert str(e) == "cube failed in child-1 pid 12 on h: java.lang.ArithmeticException: overflow"
    assert (e.type, e.message, e.stack, e.attempts, e.retryable) == (
        "java.lang.ArithmeticException", "overflow", "at X", 2, True)
    assert "at X" in str(e.__cause__)
    again = pickle.loads(pickle.dumps(e))
    assert (again.type, again.attempts, again.worker) == (e.type, 2, e.worker)


def test_acceptors_follow_the_annotation_and_never_take_a_bool_for_a_number():
    def f(n: int):
        return n
    ok, _ = _acceptor(f, None)
    assert ok(3) and not ok(True) and not ok("3") and not ok(3.5)
    ok, _ = _acceptor(lambda x: x, float)
    assert ok(3) and ok(2.5) and not ok(False)
    assert _acceptor(lambda x: x, None) == (None, "any JSON value")
    ok, _ = _acceptor(lambda x: x, lambda v: v == "yes")
    assert ok("yes") and not ok("no")


def test_control_messages_record_cancellations_and_ignore_what_they_do_not_know():
    c = Control()
    c.accept(b'{"op":"cancel","id":"a","until":' + str(P.now_ms() + 60000).encode() + b'}')
    c.accept(b'{"op":"cancel","id":"old","until":1}')
    c.accept(b'{"op":"future-op","id":"b"}')
    c.accept(b"not json")
    assert c.is_cancelled("a") and not c.is_cancelled("old") and not c.is_cancelled("b")


def test_a_crash_note_says_how_the_process_ended():
    assert describe_crash({"child": "child-1", "pid": 4, "exit": 137, "signal": "KILL", "stderr": "boom\n"}) == \
        "child-1 (pid 4), signal KILL; stderr tail:\nboom\n"
    assert describe_crash({"child": "child-2", "pid": 5, "exit": 13, "signal": None}) == "child-2 (pid 5), exit code 13"


def _props(**kw):
    base = dict(message_id="t-1", correlation_id="t-1", type="py.upper", reply_to="warren.reply.x",
                content_type="application/json", delivery_mode=2, headers={"warren-protocol": 1})
    base.update(kw)
    return pika.BasicProperties(**base)


def _refusal(fn, *args):
    with pytest.raises(P.Refused) as e:
        fn(*args)
    return e.value.type


@pytest.mark.parametrize("props, body, error", [
    (pika.BasicProperties(), b"1", P.E_BAD_ENVELOPE),                                            # 1 no properties
    (_props(message_id=None, headers={"warren-protocol": 1, "warren-attempt": "x"}), b"1", P.E_BAD_ENVELOPE),  # 2
    (_props(message_id=None, headers={}), b"1", P.E_UNSUPPORTED_PROTOCOL),                          # 3 before 5
    (_props(type=None, headers={"warren-protocol": 2}), b"1", P.E_UNSUPPORTED_PROTOCOL),            # 4 before 6
    (_props(message_id=" "), b"1", P.E_BAD_ENVELOPE),                                             # 5
    (_props(type=""), b"1", P.E_BAD_ENVELOPE),                                                    # 6
    (_props(reply_to=None, content_type="text/plain"), b"1", P.E_BAD_ENVELOPE),                  # 7
    (_props(content_type="text/plain"), b"x" * 20, P.E_BAD_ENVELOPE),                            # 8 before 9
    (_props(headers={"warren-protocol": 1, "warren-chunk": -1}), b"x" * 20, P.E_TOO_LARGE),       # 9 before 10
    (_props(headers={"warren-protocol": 1, "warren-chunk": -1, "warren-deadline": 1}), b"1", P.E_BAD_ENVELOPE),
    (_props(headers={"warren-protocol": 1, "warren-deadline": 1}), b"1", P.E_DEADLINE_EXCEEDED),   # 11
], ids=["no properties", "attempt not a number", "no protocol", "protocol 2", "blank id", "no type", "no reply_to",
        "content type", "too large", "negative chunk", "deadline passed"])
def test_envelope_checks_run_in_the_order_of_section_7(props, body, error):
    assert _refusal(envelope, props, props.headers or {}, body, 10) == error


def test_a_well_formed_envelope_gives_its_deadline_and_chunk():
    props = _props(headers={"warren-protocol": "1", "warren-chunk": 2, "warren-deadline": 0},
                   content_type="Application/JSON; charset=utf-8")
    assert envelope(props, props.headers, b'["a","b"]', 100) == (0, 2)


def test_binding_checks_task_then_declared_type_then_json_then_shape():
    tasks = {"py.upper": Task("py.upper", str.upper, "java.lang.String", str)}
    assert _refusal(bind, tasks, _props(type="nope"), {}, b"{", 0) == P.E_UNKNOWN_TASK
    assert _refusal(bind, tasks, _props(), {"warren-input-type": "java.lang.Integer"}, b"{", 0) == \
        P.E_INPUT_TYPE_MISMATCH
    assert _refusal(bind, tasks, _props(), {}, b"{", 0) == P.E_NOT_JSON
    assert _refusal(bind, tasks, _props(), {}, b"3", 0) == P.E_BAD_INPUT
    assert _refusal(bind, tasks, _props(), {}, b'["a", 3]', 2) == P.E_BAD_INPUT
    assert _refusal(bind, tasks, _props(), {}, b'["a"]', 2) == P.E_BAD_INPUT
    assert bind(tasks, _props(), {"warren-input-type": "java.lang.Object"}, b'"a"', 0)[1] == "a"
    assert bind(tasks, _props(), {}, b'["a", "b"]', 2)[1] == ["a", "b"]
