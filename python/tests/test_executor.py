"""warren.Executor in place of ProcessPoolExecutor, against the Java pool: the tutorials' examples and the
concurrent.futures contract (as_completed, wait, map order and timeout, cancel, shutdown)."""
import concurrent.futures as cf
import http.server
import json
import threading

import pika
import pytest

import warren
from conftest import depth, eventually


@pytest.fixture
def executor(java_pool):
    with warren.Executor(java_pool.uri, java_pool.queue) as ex:
        yield ex


def test_cubes_complete_through_as_completed(executor):
    futures = {executor.submit("cube", n): n for n in range(10)}
    got = {}
    for f in cf.as_completed(futures, timeout=60):
        got[futures[f]] = f.result()
    assert got == {n: n ** 3 for n in range(10)}


def test_map_of_a_cpu_bound_countdown_yields_one_elapsed_time_per_input(executor):
    times = list(executor.map("countdown", [2_000_000] * 4))
    assert len(times) == 4 and all(isinstance(t, int) and t >= 0 for t in times)


class _Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"x" * (100 * len(self.path))
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_):
        pass


def test_fetching_urls_fails_only_the_future_of_the_host_that_does_not_resolve(executor):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = "http://127.0.0.1:%d" % server.server_address[1]
        urls = [base + "/", base + "/a", base + "/abc", "http://no-such-host.invalid/"]
        futures = {executor.submit("fetch", url): url for url in urls}
        ok, failed = {}, {}
        for f in cf.as_completed(futures, timeout=60):
            try:
                ok[futures[f]] = f.result()
            except warren.RemoteError as e:
                failed[futures[f]] = e
    finally:
        server.shutdown()
    assert ok == {u: {"url": u, "status": 200, "bytes": 100 * len(u[len(base):])} for u in urls[:3]}
    e = failed["http://no-such-host.invalid/"]
    assert e.type == "java.net.UnknownHostException" and "no-such-host.invalid" in e.message
    assert e.stack and e.attempts == 1 and e.retryable is True and e.worker["pid"]


def test_map_yields_in_input_order_also_in_chunks(executor):
    inputs = list(range(-20, 40))
    assert list(executor.map("cube", inputs)) == [n ** 3 for n in inputs]
    assert list(executor.map("cube", inputs, chunksize=7)) == [n ** 3 for n in inputs]
    assert list(executor.map("cube", [])) == []


def test_a_failed_input_fails_its_chunk_where_the_iterator_reaches_it(executor):
    it = executor.map("cube", [1, 2, 3, 2000, 5, 6], chunksize=2)  # 2000³ overflows a Java int
    assert [next(it), next(it)] == [1, 8]
    with pytest.raises(warren.RemoteError) as e:
        next(it)
    assert e.value.type == "java.lang.ArithmeticException"


def test_wait_returns_when_the_first_completes_and_when_all_do(executor):
    slow = executor.submit("sleep", 1.0)
    fast = executor.submit("cube", 2)
    done, not_done = cf.wait([slow, fast], timeout=60, return_when=cf.FIRST_COMPLETED)
    assert fast in done and len(done) + len(not_done) == 2
    done, not_done = cf.wait([slow, fast], timeout=60)
    assert done == {slow, fast} and not not_done
    assert "slept 1.0 s" in slow.result()


def test_a_remote_exception_raises_remote_error_with_type_message_stack_and_attempts(executor):
    f = executor.submit("fail", "boom from python")
    with pytest.raises(warren.RemoteError) as e:
        f.result(60)
    err = e.value
    assert err.type == "java.lang.IllegalStateException" and err.message == "boom from python"
    assert "IllegalStateException" in err.stack and err.attempts == 1 and err.retryable is True
    assert isinstance(f.exception(), warren.RemoteError)


def test_a_refused_task_raises_remote_error_with_the_warren_type(executor):
    with pytest.raises(warren.RemoteError) as e:
        executor.submit("no.such.task", 1).result(60)
    assert e.value.type == "warren.UnknownTask" and e.value.retryable is False and e.value.stack == ""


def test_map_timeout_is_one_deadline_from_the_call(executor):
    it = executor.map("sleep", [0.0, 3.0, 3.0], timeout=1.0)
    assert next(it).startswith("slept")
    with pytest.raises(cf.TimeoutError):
        next(it)


def test_submit_timeout_fails_the_future_with_timeout_error(executor):
    f = executor.submit("sleep", 3.0, timeout=0.5)
    with pytest.raises(cf.TimeoutError):
        f.result(30)
    assert f.done() and not f.cancelled()


def test_a_future_stays_pending_until_its_reply_and_cancel_tells_the_workers(executor, java_pool, uri):
    """cancel() of a queued task succeeds and publishes the protocol's cancel message on <queue>.control."""
    conn = pika.BlockingConnection(pika.URLParameters(uri))
    ch = conn.channel()
    q = ch.queue_declare("", exclusive=True).method.queue
    ch.queue_bind(q, java_pool.queue + ".control")
    blockers = [executor.submit("sleep", 1.5) for _ in range(2)]  # both children busy
    queued = executor.submit("cube", 5)
    assert not queued.running() and not queued.done()
    assert queued.cancel() and queued.cancelled() and queued.done()
    with pytest.raises(cf.CancelledError):
        queued.result()

    def control_message():
        method, props, body = ch.basic_get(q, auto_ack=True)
        return method and (props, json.loads(body))
    props, msg = eventually(control_message, 30, what="a cancel message on the control exchange")
    conn.close()
    assert props.type == "cancel" and props.content_type == "application/json"
    assert msg["op"] == "cancel" and isinstance(msg["id"], str) and msg["until"] > 0
    assert all("slept" in b.result(60) for b in blockers)
    assert not queued.cancel() or queued.cancelled()
    eventually(lambda: depth(uri, java_pool.queue) == 0, 30, what="the cancelled task acked by a worker")


def test_a_done_future_cannot_be_cancelled(executor):
    f = executor.submit("cube", 3)
    assert f.result(60) == 27
    assert not f.cancel() and not f.cancelled() and not f.running()


def test_submit_after_shutdown_raises_runtime_error(java_pool):
    ex = warren.Executor(java_pool.uri, java_pool.queue)
    f = ex.submit("cube", 4)
    ex.shutdown(wait=True)
    assert f.result(0) == 64  # shutdown(wait=True) returned only after it was done
    with pytest.raises(RuntimeError):
        ex.submit("cube", 1)
    with pytest.raises(RuntimeError):
        ex.map("cube", [1])
    ex.shutdown()  # idempotent


def test_shutdown_with_cancel_futures_cancels_what_is_not_done(java_pool):
    ex = warren.Executor(java_pool.uri, java_pool.queue)
    futures = [ex.submit("sleep", 1.0) for _ in range(6)]
    ex.shutdown(wait=True, cancel_futures=True)
    assert all(f.done() for f in futures)
    assert any(f.cancelled() for f in futures)


def test_shutdown_deletes_the_reply_queue(java_pool, uri):
    with warren.Executor(java_pool.uri, java_pool.queue) as ex:
        assert ex.submit("cube", 2).result(60) == 8
        reply_queue = ex.reply_queue
    conn = pika.BlockingConnection(pika.URLParameters(uri))
    with pytest.raises(pika.exceptions.ChannelClosedByBroker) as e:
        conn.channel().queue_declare(reply_queue, passive=True)
    conn.close()
    assert e.value.reply_code == 404


def test_callers_on_many_threads_share_one_executor(executor):
    results = {}

    def caller(k):
        results[k] = [executor.submit("cube", k * 10 + i).result(60) for i in range(5)]
    threads = [threading.Thread(target=caller, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert results == {k: [(k * 10 + i) ** 3 for i in range(5)] for k in range(8)}


def test_an_input_that_is_not_json_is_refused_at_submit(executor):
    with pytest.raises(TypeError):
        executor.submit("cube", object())
    with pytest.raises(ValueError):
        executor.submit("cube", float("nan"))
    with pytest.raises(ValueError):
        executor.submit("echo", "x" * (9 * 1024 * 1024))


def test_a_task_for_a_queue_nobody_declared_fails_with_publish_error(uri, fresh_queue):
    ex = warren.Executor(uri, fresh_queue("gone"))
    try:
        conn = pika.BlockingConnection(pika.URLParameters(uri))
        conn.channel().queue_delete(ex.queue)
        conn.close()
        with pytest.raises(warren.PublishError):
            ex.submit("cube", 1).result(30)
    finally:
        ex.shutdown()


def test_an_unreachable_broker_raises_broker_unavailable_at_construction():
    with pytest.raises(warren.BrokerUnavailableError) as e:
        warren.Executor("amqp://guest:secret@127.0.0.1:1/%2F", connect_timeout=10)
    assert "secret" not in str(e.value) and "127.0.0.1" in str(e.value)
