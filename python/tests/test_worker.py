"""warren.Worker against docs/protocol.md: the protocol cases (formerly python/producer_check.py's python suite),
what a producer alone cannot provoke (formerly python/self_check.py: redelivery, WorkerCrashed,
ReplyQueueMissing, drain), cancellation, and producers in both languages."""
import os
import signal
import subprocess
import sys
import threading
import time

import pika
import pytest

import warren
from conftest import PYTHON_DIR, REPO, consumers, depth, eventually
from protocol_cases import COMMON, WORKER_HEADERS, Checks
from warren_client import WarrenClient

pytestmark = pytest.mark.interop


class Served:
    """A warren.Worker running on a thread of this process, with test tasks."""

    def __init__(self, uri, queue, **kw):
        self.worker = warren.Worker(uri, queue, name="py-test-worker", reply_retry_delays=(0.1, 0.2), **kw)
        self.gate = threading.Event()
        self.running = threading.Event()
        self.record = []
        w = self.worker
        w.register("py.upper", str.upper, input_type="java.lang.String", accepts=str)

        @w.task("py.fail")
        def fail(message: str):
            raise ValueError(message)

        @w.task("py.block")
        def block(_x):
            self.running.set()
            assert self.gate.wait(60), "py.block was never released"
            return "released"

        @w.task("py.record")
        def record(x):
            self.record.append(x)
            return x

        @w.task("py.big")
        def big(n: int):
            return "x" * n

        self.thread = threading.Thread(target=w.run, name="test-worker", daemon=True)
        self.thread.start()
        eventually(lambda: consumers(uri, queue) >= 1, 30, what="the Python worker consuming")

    def stop(self):
        self.gate.set()
        self.worker.stop()
        self.thread.join(30)
        assert not self.thread.is_alive(), "the worker did not drain"


@pytest.fixture
def queue(fresh_queue):
    return fresh_queue("pyworker")


@pytest.fixture
def served(uri, queue):
    s = Served(uri, queue)
    yield s
    s.stop()


@pytest.fixture
def c(uri, queue, served):
    client = WarrenClient(uri, queue)
    yield Checks(client, timeout=15)
    client.close()


# ---- the protocol cases

def test_upper_hello_is_hello(c):
    c.ok("py.upper", "hello", "HELLO")


def test_pipelined_tasks_each_get_their_reply(c):
    ids = [c.client.submit("py.upper", w) for w in ("a", "b", "c", "d")]
    assert [c.client.wait(i, c.timeout).result() for i in ids] == ["A", "B", "C", "D"]


def test_a_chunk_gets_one_reply_of_all_outputs(c):
    c.ok("py.upper", ["x", "y"], ["X", "Y"], chunk=2)


def test_another_declared_input_type_is_input_type_mismatch(c):
    c.refused("warren.InputTypeMismatch", "py.upper", "x", input_type="java.lang.Integer")


def test_an_untyped_java_producer_is_not_a_mismatch(c):
    c.ok("py.upper", "x", "X", input_type="com.fasterxml.jackson.databind.JsonNode")


def test_a_producer_retry_is_served_like_a_first_attempt(c):
    # a Java producer's RetryPolicy re-publishes with warren-producer-attempt = N and warren-attempt reset to 1
    reply = c.ok("py.upper", "again", "AGAIN", headers={"warren-producer-attempt": 2, "warren-attempt": 1})
    assert reply.headers["warren-attempt"] == 1


def test_a_number_for_a_string_is_bad_input(c):
    c.refused("warren.BadInput", "py.upper", 3)


def test_a_chunk_of_the_wrong_length_is_bad_input(c):
    c.refused("warren.BadInput", "py.upper", ["x"], chunk=2)


@pytest.mark.parametrize("name, check", COMMON, ids=[n for n, _ in COMMON])
def test_common_protocol_case(c, name, check):
    check(c, "py.upper", "trace", "TRACE")


@pytest.mark.parametrize("body, error", [
    (b"", "warren.NotJson"), (b'"a" "b"', "warren.BadInput"), (b"[" * 300 + b"]" * 300, "warren.BadInput"),
    (b'{"a":1,"a":2}', "warren.BadInput"),
], ids=["empty body", "trailing tokens", "deeper than 256", "duplicate keys"])
def test_the_error_types_of_the_protocol_table(c, body, error):
    c.refused(error, "py.upper", body=body)


def test_a_negative_chunk_is_bad_envelope(c):
    c.refused("warren.BadEnvelope", "py.upper", ["x"], chunk=None, headers={"warren-chunk": -1})


@pytest.mark.parametrize("override", [{"message_id": None}, {"reply_to": None}], ids=["no message_id", "no reply_to"])
def test_a_task_without_id_or_reply_to_is_dead_lettered_unanswered(c, override):
    task_id = c.client.submit("py.upper", "x", task_id="unanswerable-%d" % os.getpid(), **override)
    h = c.dead_lettered(override.get("message_id", task_id), "warren.BadEnvelope")
    assert "missing" in h["warren-dead-detail"]
    assert c.ok("py.upper", "next", "NEXT")


def test_an_exception_of_the_task_is_a_retryable_error_reply_not_a_dead_letter(c, uri, queue):
    r = c.error("ValueError", "py.fail", "boom from a test")
    assert r.error.message == "boom from a test" and r.error.retryable is True and r.error.attempts == 1
    assert "Traceback" in r.error.stack and "boom from a test" in r.error.stack
    assert depth(uri, queue + ".dead") == 0


def test_an_output_over_the_limit_is_answered_output_too_large(c):
    r = c.error("warren.OutputTooLarge", "py.big", 9 * 1024 * 1024)
    assert r.error.retryable is False


# ---- warren-worker-info (protocol 2.2): as the Java worker, only an ok reply may leave the worker headers out

@pytest.mark.parametrize("quiet", [0, False, "0"], ids=["0", "false", "'0'"])
def test_an_ok_reply_to_a_task_that_says_warren_worker_info_0_has_no_worker_headers(c, quiet):
    for chunk, value, expected in ((None, "quiet", "QUIET"), (2, ["a", "b"], ["A", "B"])):
        reply = c.client.call("py.upper", value, timeout=c.timeout, chunk=chunk, headers={"warren-worker-info": quiet})
        assert reply.ok and reply.value == expected, reply
        assert not set(WORKER_HEADERS) & set(reply.headers), "an ok reply has worker headers: %r" % reply.headers
        assert reply.headers["warren-attempt"] == 1 and reply.headers["warren-protocol"] == 1, reply.headers


def test_an_error_reply_to_a_task_that_says_warren_worker_info_0_still_says_where_it_ran(c):
    failed = c.error("ValueError", "py.fail", "boom", headers={"warren-worker-info": 0})
    refused = c.refused("warren.BadInput", "py.upper", 3, headers={"warren-worker-info": 0})
    too_large = c.error("warren.OutputTooLarge", "py.big", 9 * 1024 * 1024, headers={"warren-worker-info": 0})
    for r in (failed, refused, too_large):
        assert set(WORKER_HEADERS) <= set(r.headers), r.headers
        assert r.headers["warren-child"] == "py-test-worker", r.headers


@pytest.mark.parametrize("info", [None, 1, "no"], ids=["absent", "1", "'no'"])
def test_an_ok_reply_to_a_task_without_warren_worker_info_0_says_where_it_ran(c, info):
    reply = c.ok("py.upper", "loud", "LOUD", headers={"warren-worker-info": info})  # c.ok checks the five headers
    assert reply.headers["warren-child"] == "py-test-worker" and reply.headers["warren-started"] > 0, reply.headers


# ---- what a producer alone cannot provoke (formerly self_check.py)

def take_unacked(uri, queue, ids):
    """A consumer that receives the tasks and dies without acking: the broker redelivers them."""
    conn = pika.BlockingConnection(pika.URLParameters(uri))
    ch = conn.channel()
    ch.basic_qos(prefetch_count=100)
    got = []
    ch.basic_consume(queue, lambda c, m, p, b: got.append(p.message_id), auto_ack=False)
    end = time.monotonic() + 30
    while set(ids) - set(got) and time.monotonic() < end:
        conn.process_data_events(time_limit=0.2)
    conn.close()
    assert set(ids) <= set(got), "the dying consumer got %r" % got


def test_redelivered_tasks_count_attempts_and_the_last_one_is_worker_crashed(uri, queue):
    client = WarrenClient(uri, queue)
    c = Checks(client, timeout=15)
    try:
        # with no worker running: two tasks whose holder dies, and a task for a missing reply queue
        first = client.submit("py.upper", "again", headers={"warren-attempt": 1})
        last = client.submit("py.upper", "again", headers={"warren-attempt": 3})
        take_unacked(uri, queue, [first, last])
        missing = "rq-%d" % os.getpid()
        client.channel.basic_publish("", queue, b'"x"', pika.BasicProperties(
            message_id=missing, type="py.upper", reply_to="warren.reply.missing-%d" % os.getpid(),
            content_type="application/json", headers={"warren-protocol": 1}), mandatory=True)
        served = Served(uri, queue)
        try:
            r = client.wait(first, c.timeout)
            assert r.ok and r.value == "AGAIN" and r.headers.get("warren-attempt") == 2, r
            r = client.wait(last, c.timeout)
            assert not r.ok and r.error.type == "warren.WorkerCrashed" and r.error.attempts == 3, r
            assert "3 times" in r.error.message, r.error.message
            c.dead_lettered(last, "warren.WorkerCrashed")
            h = c.dead_lettered(missing, "warren.ReplyQueueMissing")
            assert "did not exist" in h["warren-dead-detail"]
            c.ok("py.upper", "still", "STILL")
        finally:
            served.stop()
    finally:
        client.close()


def test_a_cancelled_task_is_acked_without_running(uri, queue, served):
    with warren.Executor(uri, queue) as ex:
        blocker = ex.submit("py.block", 0)
        assert served.running.wait(30)
        skipped = ex.submit("py.record", "cancelled")
        assert skipped.cancel()
        served.gate.set()
        assert blocker.result(30) == "released"
        assert ex.submit("py.record", "after").result(30) == "after"
    assert served.record == ["after"]
    assert depth(uri, queue) == 0 and depth(uri, queue + ".dead") == 0


def test_stop_hands_prefetched_tasks_back_unchanged_and_finishes_the_running_one(uri, queue):
    served = Served(uri, queue, prefetch=3)
    client = WarrenClient(uri, queue)
    try:
        running = client.submit("py.block", 0)
        assert served.running.wait(30)
        waiting = [client.submit("py.upper", w) for w in ("p", "q")]
        eventually(lambda: depth(uri, queue) == 0, 30, what="both tasks prefetched")
        served.worker.stop()
        served.gate.set()
        assert client.wait(running, 30).value == "released"
        served.thread.join(30)
        assert not served.thread.is_alive()
        ch = client.connection.channel()
        back = []
        for _ in range(2):
            method, props, body = ch.basic_get(queue, auto_ack=True)
            assert method is not None and not method.redelivered
            back.append((props.message_id, (props.headers or {}).get("warren-attempt"), body))
        assert sorted(back) == sorted([(waiting[0], 1, b'"p"'), (waiting[1], 1, b'"q"')])
    finally:
        served.stop()
        client.close()


def test_sigterm_drains_the_example_worker_and_it_exits_0(uri, queue):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([os.path.join(PYTHON_DIR, "src"), os.environ.get(
        "PYTHONPATH", "")]))
    p = subprocess.Popen([sys.executable, os.path.join(PYTHON_DIR, "examples", "upper_worker.py"), queue,
                          "--uri", uri], stderr=subprocess.PIPE, text=True, env=env)
    try:
        eventually(lambda: consumers(uri, queue) >= 1, 30, what="the example worker consuming")
        with warren.Executor(uri, queue) as ex:
            assert list(ex.map("py.upper", ["a", "b"], timeout=30)) == ["A", "B"]
        p.send_signal(signal.SIGTERM)
        assert p.wait(30) == 0
        assert "drained" in p.stderr.read()
    finally:
        if p.poll() is None:
            p.kill()
            p.wait(10)


# ---- producers in both languages

def test_executor_maps_over_the_python_worker(uri, queue, served):
    with warren.Executor(uri, queue) as ex:
        assert list(ex.map("py.upper", ["x", "y", "z"], chunksize=2)) == ["X", "Y", "Z"]
        with pytest.raises(warren.RemoteError) as e:
            ex.submit("py.fail", "no").result(30)
    assert e.value.type == "ValueError" and e.value.worker["child"] == "py-test-worker"


def test_a_java_producer_is_served_by_the_python_worker(uri, queue, served, cli_jar):
    env = dict(os.environ, WARREN_BROKER_URI=uri, WARREN_QUEUE=queue)
    out = subprocess.run(["java", "-jar", cli_jar, "submit", "py.upper", '"hello from java"', "--timeout", "30s"],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=90)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == '"HELLO FROM JAVA"'


def test_a_java_producer_retries_a_python_tasks_exception(uri, queue, served, cli_jar):
    env = dict(os.environ, WARREN_BROKER_URI=uri, WARREN_QUEUE=queue)
    out = subprocess.run(["java", "-jar", cli_jar, "submit", "py.fail", '"again"', "--retries", "1", "--backoff",
                          "100ms", "--timeout", "30s"], cwd=REPO, env=env, capture_output=True, text=True, timeout=90)
    assert out.returncode == 1, out.stderr
    assert "(after 2 attempts: 1: ValueError: again; 2: ValueError: again)" in out.stderr
