"""A broker restart in the middle of a map loses nothing. On a PRIVATE RabbitMQ node (scripts/rabbit-node.sh,
node pyrestart on 127.0.0.1:5711), never the shared broker; the Java pool for this test points at it too."""
import os
import subprocess
import uuid

import pytest

import warren
from conftest import REPO, JavaPool, delete_topology

NODE, PORT = "pyrestart", int(os.environ.get("WARREN_PY_RESTART_PORT", "5711"))
SCRIPT = os.path.join(REPO, "scripts", "rabbit-node.sh")


def node(*args):
    subprocess.run([SCRIPT, args[0], NODE] + list(args[1:]), check=True, stdout=subprocess.DEVNULL, timeout=180)


@pytest.fixture(scope="module")
def private_uri():
    node("start", str(PORT))
    yield "amqp://guest:guest@127.0.0.1:%d/%%2F" % PORT
    node("stop")


def test_a_broker_restart_mid_map_loses_nothing(private_uri):
    queue = "warren.pytest.restart.%s" % uuid.uuid4().hex[:8]
    pool = JavaPool(private_uri, queue, log_name="restart-pool")
    try:
        pool.await_consuming()
        with warren.Executor(private_uri, queue, broker_loss_timeout=120) as ex:
            naps = ex.map("sleep", [0.05] * 100, timeout=150)
            first = [next(naps) for _ in range(10)]
            burst = ex.map("cube", range(300))  # some are not confirmed yet when the broker goes: re-published
            node("stop-app")
            during = ex.map("cube", range(30))  # submitted while the broker is away: published after it is back
            node("start-app")
            rest = list(naps)
            assert list(during) == [n ** 3 for n in range(30)]
            assert list(burst) == [n ** 3 for n in range(300)]
            assert ex.submit("cube", 11).result(60) == 1331
        naps = first + rest
        assert len(naps) == 100 and all(s.startswith("slept 0.05 s") for s in naps), naps
    finally:
        pool.stop()
        delete_topology(private_uri, queue)
