"""warren-worker-info: 0 (docs/protocol.md 2.2): warren.Executor never shows where an ok reply ran, so it says
so on every task, and the Java pool leaves the five worker headers out of ok replies; error replies keep them,
and a client that reads them (warren_client.py's Reply.headers) does not send the header and gets them."""
import pika
import pytest

import warren
from warren import _protocol as P
from conftest import eventually
from protocol_cases import WORKER_HEADERS
from warren_client import WarrenClient


@pytest.fixture
def executor_and_replies(java_pool):
    """An executor on the Java pool, and the headers of every reply it takes, in arrival order."""
    with warren.Executor(java_pool.uri, java_pool.queue) as ex:
        replies = []
        take = ex._completer.reply

        def record(entry, headers, body):  # on the I/O thread, before the future is completed
            replies.append(dict(headers or {}))
            take(entry, headers, body)
        ex._completer.reply = record
        yield ex, replies


def test_every_task_of_the_executor_says_warren_worker_info_0(uri, fresh_queue):
    queue = fresh_queue("info")
    ex = warren.Executor(uri, queue)  # no worker on this queue: the tasks stay there to be read
    try:
        ex.submit("cube", 3)
        ex.submit("cube", 3, timeout=60)
        ex.map("cube", [1, 2, 3], chunksize=2)
        conn = pika.BlockingConnection(pika.URLParameters(uri))
        ch = conn.channel()

        def task():
            method, props, _body = ch.basic_get(queue, auto_ack=True)
            return method and props.headers
        headers = [eventually(task, 30, what="a task in %s" % queue) for _ in range(4)]
        conn.close()
    finally:
        ex.shutdown(wait=True, cancel_futures=True)
    assert [h.get("warren-worker-info") for h in headers] == [0, 0, 0, 0]
    assert [h.get("warren-chunk") for h in headers] == [None, None, 2, 1]


def test_an_ok_reply_to_a_plain_submit_or_map_carries_no_worker_headers(executor_and_replies):
    ex, replies = executor_and_replies
    assert ex.submit("cube", 3).result(60) == 27
    assert list(ex.map("cube", [1, 2, 3])) == [1, 8, 27]
    assert list(ex.map("cube", [4, 5, 6], chunksize=2)) == [64, 125, 216]
    assert len(replies) == 1 + 3 + 2
    for h in replies:
        assert P.text(h.get("warren-status")) == "ok" and h.get("warren-attempt") == 1, h
        assert not set(WORKER_HEADERS) & set(h), "an ok reply has worker headers: %r" % h


def test_an_error_reply_still_carries_the_worker_headers_and_remote_error_names_the_worker(executor_and_replies):
    ex, replies = executor_and_replies
    with pytest.raises(warren.RemoteError) as e:
        ex.submit("fail", "boom from python").result(60)
    assert e.value.type == "java.lang.IllegalStateException"
    assert e.value.worker["host"] and e.value.worker["pid"] and e.value.worker["child"], e.value.worker
    assert len(replies) == 1 and set(WORKER_HEADERS) <= set(replies[0]), replies


def test_a_client_that_reads_the_reply_headers_still_gets_them(java_pool):
    with WarrenClient(java_pool.uri, java_pool.queue) as client:  # sends no warren-worker-info
        reply = client.call("cube", 3, timeout=60)
    assert reply.ok and reply.value == 27
    assert set(WORKER_HEADERS) <= set(reply.headers), reply.headers
