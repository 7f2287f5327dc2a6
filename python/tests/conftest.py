"""Shared fixtures: the broker, the Java pool, queue names, a raw pika client and polling.

The broker is $RABBITMQ_URI (else $WARREN_BROKER_URI, else the local guest account). The Java pool is
``java -jar worker/target/warren-worker.jar`` with two children on a queue unique to this session; the
jars must be built first (``mvn -q -B -ntp -DskipTests package``). Nothing is skipped: a missing jar or
broker fails the tests that need it.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pika
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.dirname(HERE)
REPO = os.path.dirname(PYTHON_DIR)
sys.path.insert(0, PYTHON_DIR)  # warren_client.py, the minimal reference client the protocol checks use

URI = os.environ.get("RABBITMQ_URI") or os.environ.get("WARREN_BROKER_URI") or "amqp://guest:guest@127.0.0.1:5672/%2F"
SESSION = "%d-%s" % (os.getpid(), uuid.uuid4().hex[:6])


def eventually(check, timeout=30.0, every=0.05, what="condition"):
    """Polls check() until it returns a truthy value (returned) or raises AssertionError after timeout."""
    end = time.monotonic() + timeout
    last = None
    while time.monotonic() < end:
        try:
            v = check()
            if v:
                return v
        except Exception as e:  # retried until the deadline
            last = e
        time.sleep(every)
    raise AssertionError("%s not met within %.0f s%s" % (what, timeout, ": %r" % last if last else ""))


def jar(*candidates):
    for c in candidates:
        p = os.path.join(REPO, c)
        if os.path.exists(p):
            return p
    pytest.fail("none of %s is built: run mvn -q -B -ntp -DskipTests package" % ", ".join(candidates))


def consumers(uri, queue):
    conn = pika.BlockingConnection(pika.URLParameters(uri))
    try:
        return conn.channel().queue_declare(queue, passive=True).method.consumer_count
    finally:
        conn.close()


def depth(uri, queue):
    conn = pika.BlockingConnection(pika.URLParameters(uri))
    try:
        return conn.channel().queue_declare(queue, passive=True).method.message_count
    finally:
        conn.close()


def delete_topology(uri, *queues):
    """Deletes each task queue with its .dead queue and .control exchange (best effort)."""
    try:
        conn = pika.BlockingConnection(pika.URLParameters(uri))
    except pika.exceptions.AMQPError:
        return
    for q in queues:
        for name in (q, q + ".dead"):
            try:
                conn.channel().queue_delete(name)
            except pika.exceptions.AMQPError:
                pass
        try:
            conn.channel().exchange_delete(q + ".control")
        except pika.exceptions.AMQPError:
            pass
    conn.close()


class JavaPool:
    """A Java supervisor with its children on one queue."""

    def __init__(self, uri, queue, children=2, log_name="java-pool"):
        self.uri, self.queue, self.children = uri, queue, children
        self.log_path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "warren-pytest-%s-%s.log" % (log_name, SESSION))
        self.log = open(self.log_path, "wb")
        env = dict(os.environ, WARREN_BROKER_URI=uri, WARREN_QUEUE=queue, WARREN_CHILDREN=str(children),
                   WARREN_HTTP_PORT="0")
        self.proc = subprocess.Popen(["java", "-Dmicronaut.server.port=-1", "-jar",
                                      jar("worker/target/warren-worker.jar")],
                                     cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def await_consuming(self, timeout=90):
        def ready():
            if self.proc.poll() is not None:
                raise RuntimeError("the Java pool exited with %s; see %s" % (self.proc.returncode, self.log_path))
            return consumers(self.uri, self.queue) >= self.children
        eventually(ready, timeout, 0.2, "the Java pool's %d children consuming %s" % (self.children, self.queue))
        return self

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if not self.log.closed:
            self.log.close()


@pytest.fixture(scope="session")
def uri():
    try:
        pika.BlockingConnection(pika.URLParameters(URI)).close()
    except pika.exceptions.AMQPError as e:
        pytest.fail("no broker at %s: %s" % (URI, e))
    return URI


@pytest.fixture(scope="session")
def java_pool(uri):
    """The Java pool on this session's queue: the example tasks cube, countdown, fetch, fail, sleep, echo..."""
    queue = "warren.pytest.%s" % SESSION
    pool = JavaPool(uri, queue)
    try:
        yield pool.await_consuming()
    finally:
        pool.stop()
        delete_topology(uri, queue)


@pytest.fixture
def fresh_queue(uri):
    """A queue name of its own for one test; its topology is deleted afterwards."""
    names = []

    def make(tag="q"):
        names.append("warren.pytest.%s.%s.%s" % (SESSION, tag, uuid.uuid4().hex[:6]))
        return names[-1]
    yield make
    delete_topology(uri, *names)


@pytest.fixture(scope="session")
def cli_jar():
    """The Java CLI: cli/target/warren.jar after the restructure, producer/target/warren.jar before."""
    return jar("cli/target/warren.jar", "producer/target/warren.jar")
