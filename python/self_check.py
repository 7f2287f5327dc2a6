#!/usr/bin/python3
"""Runs python/worker.py on a fresh queue and checks it with python/producer_check.py's python suite, plus
what a producer alone cannot provoke: redelivery after a holder died (attempt + 1, then warren.WorkerCrashed
past the maximum), a reply_to naming a missing queue (warren.ReplyQueueMissing), and a SIGTERM drain.
Deletes its queues at the end. Prints `N passed, M failed`; exits 1 on any failure.

    /usr/bin/python3 python/self_check.py [--uri amqp://guest:guest@localhost:5672/%2F]
"""
import argparse
import os
import signal
import subprocess
import sys
import threading
import time

import pika

import producer_check
from warren_client import WarrenClient, broker_uri

HERE = os.path.dirname(os.path.abspath(__file__))


def start_worker(uri, queue):
    p = subprocess.Popen([sys.executable, os.path.join(HERE, "worker.py"), queue, "--uri", uri],
                         stderr=subprocess.PIPE, text=True)
    line = p.stderr.readline()  # blocks until the worker consumes (or dies)
    if "serving" not in line:
        raise RuntimeError("worker did not start: %r" % line)
    p.log = []
    p.drain = threading.Thread(target=lambda: p.log.extend(p.stderr), daemon=True)  # keep the pipe from filling
    p.drain.start()
    return p


def stop_worker(p):
    p.send_signal(signal.SIGTERM)
    code = p.wait(timeout=30)
    p.drain.join(timeout=5)
    return code, "".join(p.log)


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


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--uri")
    ap.add_argument("--timeout", type=float, default=15.0)
    a = ap.parse_args(argv)
    uri = broker_uri(a.uri)
    queue = "warren.pycheck.%d" % os.getpid()
    client = WarrenClient(uri, queue, client_id="py-self-check-%d" % os.getpid())
    c = producer_check.Checks(client, a.timeout)
    worker = None
    try:
        worker = start_worker(uri, queue)
        producer_check.python_suite(c)
        exit_code, log = stop_worker(worker)

        def drained():
            assert exit_code == 0 and "drained" in log, "exit %s, log: %s" % (exit_code, log[-500:])
        c.check("SIGTERM drains the worker: exit 0", drained)

        # with no worker running: a task for a missing reply queue, and two tasks whose holder dies
        client.channel.basic_publish("", queue, b'"x"', pika.BasicProperties(
            message_id="rq-%d" % os.getpid(), type="py.upper", reply_to="warren.reply.missing-%d" % os.getpid(),
            content_type="application/json", headers={"warren-protocol": 1}), mandatory=True)
        first = client.submit("py.upper", "again", headers={"warren-attempt": 1})
        last = client.submit("py.upper", "again", headers={"warren-attempt": 3})
        take_unacked(uri, queue, [first, last])
        worker = start_worker(uri, queue)

        def redelivered_is_reattempted():
            r = client.wait(first, a.timeout)
            assert r.ok and r.value == "AGAIN", r
            assert r.headers.get("warren-attempt") == 2, r.headers
        c.check("a redelivered task runs again as attempt 2", redelivered_is_reattempted)

        def crashed_too_often():
            r = client.wait(last, a.timeout)
            assert not r.ok and r.error.type == "warren.WorkerCrashed" and r.error.attempts == 3, r
            assert "3 times" in r.error.message, r.error.message
            c.dead_lettered(last, "warren.WorkerCrashed")
        c.check("a task redelivered at the last attempt -> warren.WorkerCrashed", crashed_too_often)
        c.check("a reply_to naming a missing queue -> dead-lettered warren.ReplyQueueMissing",
                lambda: c.dead_lettered("rq-%d" % os.getpid(), "warren.ReplyQueueMissing"))
        c.check("the worker still serves afterwards", lambda: c.ok("py.upper", "still", "STILL"))
    finally:
        if worker and worker.poll() is None:
            stop_worker(worker)
        ch = client.connection.channel()
        for q in (queue, queue + ".dead", client.reply_queue):
            ch.queue_delete(q)
        ch.exchange_delete(queue + ".control")
        client.close()
    print("%d passed, %d failed" % (c.passed, c.failed))
    return 0 if c.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
