"""Several clients on one host at once each get their own replies (issue 17.5: a reply queue shared by two
clients sent replies round-robin between them, each dropped the other's, and callers timed out)."""
import os
import subprocess
import sys
import threading

import pika

import warren
from conftest import PYTHON_DIR
from warren_client import WarrenClient

_EXECUTOR_RUN = """
import sys, warren
uri, queue, base = sys.argv[1], sys.argv[2], int(sys.argv[3])
with warren.Executor(uri, queue) as ex:
    print(ex.reply_queue, flush=True)
    sys.stdin.readline()  # start together
    inputs = list(range(base, base + 40))
    got = list(ex.map("cube", inputs, timeout=60))
    assert got == [n ** 3 for n in inputs], got
print("ok", flush=True)
"""

_RAW_CLIENT_RUN = """
import sys
from warren_client import WarrenClient
uri, queue, base = sys.argv[1], sys.argv[2], int(sys.argv[3])
with WarrenClient(uri, queue) as client:
    print(client.reply_queue, flush=True)
    sys.stdin.readline()
    ids = [(n, client.submit("cube", n)) for n in range(base, base + 40)]
    for n, i in ids:
        assert client.wait(i, 60).result() == n ** 3
print("ok", flush=True)
"""


def _two_processes_at_once(script, uri, queue):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([os.path.join(PYTHON_DIR, "src"), PYTHON_DIR,
                                                       os.environ.get("PYTHONPATH", "")]))
    procs = [subprocess.Popen([sys.executable, "-c", script, uri, queue, str(base)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for base in (10, 100)]
    try:
        reply_queues = [p.stdout.readline().strip() for p in procs]  # both connected and consuming
        for p in procs:
            p.stdin.write("go\n")
            p.stdin.flush()
        outs = [p.communicate(timeout=120) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0 and out.strip() == "ok", err
    return reply_queues


def test_two_executor_processes_on_one_host_at_once_get_their_own_replies(java_pool):
    a, b = _two_processes_at_once(_EXECUTOR_RUN, java_pool.uri, java_pool.queue)
    assert a != b and a.startswith("warren.reply.") and b.startswith("warren.reply.")


def test_two_raw_clients_on_one_host_at_once_get_their_own_replies(java_pool):
    a, b = _two_processes_at_once(_RAW_CLIENT_RUN, java_pool.uri, java_pool.queue)
    assert a != b


def test_two_executors_in_one_process_get_their_own_replies(java_pool):
    with warren.Executor(java_pool.uri, java_pool.queue) as one, warren.Executor(java_pool.uri, java_pool.queue) as two:
        assert one.reply_queue != two.reply_queue
        results = {}

        def run(name, ex, base):
            results[name] = list(ex.map("cube", range(base, base + 50), timeout=60))
        threads = [threading.Thread(target=run, args=("one", one, 0)), threading.Thread(target=run, args=("two", two, 500))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
    assert results == {"one": [n ** 3 for n in range(0, 50)], "two": [n ** 3 for n in range(500, 550)]}


def test_a_stable_client_id_names_the_reply_queue(java_pool):
    with warren.Executor(java_pool.uri, java_pool.queue, client_id="pytest-stable-%d" % os.getpid()) as ex:
        assert ex.reply_queue == "warren.reply.pytest-stable-%d" % os.getpid()
        assert ex.submit("cube", 7).result(60) == 343
    with WarrenClient(java_pool.uri, java_pool.queue, client_id="pytest-raw-%d" % os.getpid()) as client:
        assert client.reply_queue == "warren.reply.pytest-raw-%d" % os.getpid()


def _declare(uri, name, queue_type):
    """Declares the queue as the given type; returns the broker's refusal code, or None when it agreed."""
    conn = pika.BlockingConnection(pika.URLParameters(uri))
    try:
        conn.channel().queue_declare(name, durable=True, arguments={"x-queue-type": queue_type,
                                                                    "x-expires": 1800 * 1000})
        return None
    except pika.exceptions.ChannelClosedByBroker as e:
        return e.reply_code
    finally:
        conn.close()


def test_a_quorum_reply_queue_is_declared_when_asked_for(java_pool):
    with warren.Executor(java_pool.uri, java_pool.queue, reply_queue_type="quorum") as ex:
        assert ex.submit("cube", 3).result(60) == 27
        assert _declare(java_pool.uri, ex.reply_queue, "classic") == 406  # it is not a classic queue
        assert _declare(java_pool.uri, ex.reply_queue, "quorum") is None


def test_an_existing_reply_queue_of_the_other_type_is_used_as_it_is(java_pool):
    client_id = "pytest-other-type-%d" % os.getpid()
    assert _declare(java_pool.uri, "warren.reply." + client_id, "classic") is None
    with warren.Executor(java_pool.uri, java_pool.queue, client_id=client_id, reply_queue_type="quorum") as ex:
        assert ex.submit("cube", 4).result(60) == 64
