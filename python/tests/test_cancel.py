"""Cancellation and progress on the wire of docs/protocol.md sections 3.6 and 5: warren.Cancelled answers
become CancelledError, interrupting cancels stop a Java task, the Python worker answers cancelled tasks, and
progress messages never pass for replies."""
import concurrent.futures as cf
import json
import uuid

import pika
import pytest

import warren
from conftest import depth, eventually
from test_worker import Served

CANCEL_ALL_DAY = 86_400_000


def publish_cancel(uri, queue, task_id, interrupt):
    conn = pika.BlockingConnection(pika.URLParameters(uri))
    msg = {"op": "cancel", "id": task_id, "until": int(__import__("time").time() * 1000) + CANCEL_ALL_DAY}
    if interrupt:
        msg["interrupt"] = True
    conn.channel().basic_publish(queue + ".control", "", json.dumps(msg).encode(),
                                 pika.BasicProperties(content_type="application/json", type="cancel", delivery_mode=1))
    conn.close()


def pending_id(ex):
    ids = [e.task_id for e in ex._pending.entries()]
    assert len(ids) == 1
    return ids[0]


def test_an_interrupting_cancel_stops_a_running_java_countdown_and_the_future_is_cancelled(java_pool, uri):
    with warren.Executor(java_pool.uri, java_pool.queue) as ex:
        f = ex.submit("countdown", 10 ** 12)  # ~1000 s unless stopped
        task_id = pending_id(ex)
        eventually(lambda: depth(uri, java_pool.queue) == 0, 30, what="the countdown taken by a child")
        publish_cancel(uri, java_pool.queue, task_id, interrupt=True)
        with pytest.raises(cf.CancelledError):
            f.result(60)  # the worker answered warren.Cancelled
        assert f.cancelled()
        assert ex.submit("cube", 3).result(60) == 27
    assert depth(uri, java_pool.queue + ".dead") == 0


@pytest.fixture
def queue(fresh_queue):
    return fresh_queue("pycancel")


def raw_task(ch, queue, reply_to, task, body):
    task_id = str(uuid.uuid4())
    ch.basic_publish("", queue, json.dumps(body).encode(), pika.BasicProperties(
        message_id=task_id, correlation_id=task_id, type=task, reply_to=reply_to, content_type="application/json",
        delivery_mode=2, headers={"warren-protocol": 1}))
    return task_id


def reply_of(ch, reply_q, task_id):
    def got():
        method, props, body = ch.basic_get(reply_q, auto_ack=True)
        return method and props.correlation_id == task_id and (props, json.loads(body))
    return eventually(got, 30, what="the reply of " + task_id)


def test_the_python_worker_answers_a_task_cancelled_before_it_started_and_one_cancelled_while_it_ran(uri, queue):
    served = Served(uri, queue)
    conn = pika.BlockingConnection(pika.URLParameters(uri))
    ch = conn.channel()
    try:
        reply_q = ch.queue_declare("", exclusive=True).method.queue
        running = raw_task(ch, queue, reply_q, "py.block", 0)
        assert served.running.wait(30)
        queued = raw_task(ch, queue, reply_q, "py.record", "never")
        publish_cancel(uri, queue, queued, interrupt=False)
        publish_cancel(uri, queue, running, interrupt=True)
        eventually(lambda: running in served.worker._control.interrupted, 30, what="the cancel heard")
        served.gate.set()  # a Python task cannot be interrupted: it ends, and its outcome is dropped
        for task_id, when in ((running, "while it ran"), (queued, "before it started")):
            props, error = reply_of(ch, reply_q, task_id)
            assert props.headers["warren-status"] == "error"
            assert error["type"] == "warren.Cancelled" and error["retryable"] is False
            assert error["message"] == "cancelled by its producer " + when
        assert served.record == []
        assert depth(uri, queue) == 0 and depth(uri, queue + ".dead") == 0
    finally:
        conn.close()
        served.stop()


def test_a_progress_message_does_not_pass_for_the_reply(uri, queue):
    served = Served(uri, queue)
    try:
        with warren.Executor(uri, queue) as ex:
            f = ex.submit("py.block", 0)
            task_id = pending_id(ex)
            assert served.running.wait(30)
            conn = pika.BlockingConnection(pika.URLParameters(uri))
            conn.channel().basic_publish("", ex.reply_queue, b'{"done": 1, "total": 2}', pika.BasicProperties(
                correlation_id=task_id, content_type="application/json", delivery_mode=1,
                headers={"warren-protocol": 1, "warren-status": "progress", "warren-attempt": 1}))
            conn.close()
            with pytest.raises(cf.TimeoutError):
                f.result(1)  # still pending: the progress message was no reply
            served.gate.set()
            assert f.result(30) == "released"
    finally:
        served.stop()
