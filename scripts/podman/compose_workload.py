#!/usr/bin/python3
"""Workloads and waits for scripts/compose-test.sh, driven from the host over the compose broker's
AMQP port (published on a loopback port by compose/publish-amqp.yml). Uses python/warren_client.py
(pika), which reads the per-reply headers the Java producer CLI does not print: warren-host.

    compose_workload.py --uri URI consumers N [--timeout 120]
    compose_workload.py ready URL... [--expect up|down] [--timeout 60]
    compose_workload.py spread --hosts NAME=HOST,... [--count 40] [--sleep 0.05]
    compose_workload.py drain --hosts NAME=HOST,... --stop NAME --stop-cmd CMD [--count 200]
                              [--sleep 0.2] [--stop-after 30]

Every command prints what it saw and exits 0 when its condition holds, 1 otherwise. Waits are
bounded by --timeout; nothing sleeps to synchronise.
"""
import argparse
import collections
import os
import shlex
import subprocess
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
import pika  # noqa: E402
import pika.exceptions  # noqa: E402
from warren_client import WarrenClient, _text  # noqa: E402


def say(msg):
    print("  " + msg, flush=True)


def consumer_count(uri, queue):
    conn = pika.BlockingConnection(pika.URLParameters(uri))
    try:
        return conn.channel().queue_declare(queue=queue, passive=True).method.consumer_count
    finally:
        if conn.is_open:
            conn.close()


def cmd_consumers(a):
    """Waits until exactly N consumers are attached to the task queue (health checks never run under
    podman, so this is how the test knows the workers are up)."""
    start = time.monotonic()
    end = start + a.timeout
    last = "no answer yet"
    while time.monotonic() < end:
        try:
            n = consumer_count(a.uri, a.queue)
            last = "%d consumer(s)" % n
            if n == a.n:
                say("%s on %s (after %.0f s)" % (last, a.queue, time.monotonic() - start))
                return 0
        except (pika.exceptions.AMQPError, OSError) as e:  # broker starting, queue not declared yet
            last = "%s: %s" % (type(e).__name__, e)
        time.sleep(0.5)
    say("timed out after %ss waiting for %d consumers on %s (last: %s)" % (a.timeout, a.n, a.queue, last))
    return 1


def readiness(url):
    try:
        with urllib.request.urlopen(url, timeout=3) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except (urllib.error.URLError, OSError):
        return None


def cmd_ready(a):
    """Waits until every readiness URL answers 200 (--expect up) or 503 (--expect down)."""
    want = 200 if a.expect == "up" else 503
    start = time.monotonic()
    end = start + a.timeout
    status = {}
    while time.monotonic() < end:
        status = {u: readiness(u) for u in a.urls}
        bad = [s for s in status.values() if s is not None and s not in (200, 503)]
        if bad:
            break
        if all(s == want for s in status.values()):
            say("readiness %s (HTTP %d) on %d worker(s) (after %.0f s)" % (a.expect.upper(), want, len(a.urls),
                                                                       time.monotonic() - start))
            return 0
        time.sleep(0.5)
    say("readiness is not %s within %ss: %s" % (a.expect.upper(), a.timeout, status))
    return 1


def parse_hosts(text):
    """NAME=HOST,... -> {host: name}"""
    pairs = [p.split("=", 1) for p in text.split(",") if p]
    return {host: name for name, host in pairs}


def run_tasks(a, on_progress=None):
    """Submits a.count sleep tasks, collects every reply; returns ({task id: reply}, submitted ids)."""
    client = WarrenClient(a.uri, a.queue, client_id="compose-test-%d" % os.getpid())
    try:
        ids = [client.submit("sleep", a.sleep) for _ in range(a.count)]
        got = {}
        end = time.monotonic() + a.timeout
        while len(got) < len(ids) and time.monotonic() < end:
            client.connection.process_data_events(time_limit=0.2)
            for tid in [t for t in ids if t in client.replies and t not in got]:
                got[tid] = client.replies.pop(tid)
            if on_progress:
                on_progress(len(got))
        return got, ids
    finally:
        client.close()


def report(got, ids, hosts):
    """Prints per-host counts; returns (failures, Counter of host names)."""
    per_host = collections.Counter()
    failures = []
    for tid in ids:
        r = got.get(tid)
        if r is None:
            failures.append("%s: no reply" % tid)
            continue
        host = _text(r.headers.get("warren-host")) or "?"
        per_host[hosts.get(host, host)] += 1
        if not r.ok:
            failures.append("%s: %s" % (tid, r.error))
    say("%d/%d results, %d failed; per worker: %s" % (len(got), len(ids), len(failures),
        ", ".join("%s=%d" % kv for kv in sorted(per_host.items()))))
    for f in failures[:10]:
        say("  " + f)
    return failures, per_host


def cmd_spread(a):
    """Every task ends with its result, and every given worker ran at least one."""
    hosts = parse_hosts(a.hosts)
    got, ids = run_tasks(a)
    failures, per_host = report(got, ids, hosts)
    idle = sorted(n for n in hosts.values() if per_host[n] == 0)
    strangers = sorted(h for h in per_host if h not in hosts.values())
    if idle:
        say("workers that ran nothing: %s" % ", ".join(idle))
    if strangers:
        say("replies from unexpected hosts: %s" % ", ".join(strangers))
    return 0 if not failures and not idle and not strangers else 1


def cmd_drain(a):
    """Stops one worker (SIGTERM) once --stop-after results are in; every task still ends with its
    result, the stopped worker ran tasks, and the stop command succeeded."""
    hosts = parse_hosts(a.hosts)
    stopper = {}

    def progress(n):
        if "proc" not in stopper and n >= a.stop_after:
            say("%d results in: %s" % (n, a.stop_cmd))
            stopper["at"] = n
            stopper["proc"] = subprocess.Popen(shlex.split(a.stop_cmd), stdout=subprocess.DEVNULL)

    got, ids = run_tasks(a, progress)
    proc = stopper.get("proc")
    rc = proc.wait(timeout=a.timeout) if proc else None
    failures, per_host = report(got, ids, hosts)
    ok = not failures
    if proc is None:
        say("the stop command never ran")
        ok = False
    elif rc != 0:
        say("the stop command exited %s" % rc)
        ok = False
    if per_host[a.stop] == 0:
        say("the stopped worker %s ran no task" % a.stop)
        ok = False
    others = [n for n in hosts.values() if n != a.stop and per_host[n] > 0]
    if not others:
        say("no other worker took over")
        ok = False
    return 0 if ok else 1


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--uri", default=os.environ.get("WARREN_BROKER_URI"))
    ap.add_argument("--queue", default=os.environ.get("WARREN_QUEUE", "warren.tasks"))
    ap.add_argument("--timeout", type=float, default=120.0)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("consumers")
    p.add_argument("n", type=int)
    p = sub.add_parser("ready")
    p.add_argument("urls", nargs="+")
    p.add_argument("--expect", choices=("up", "down"), default="up")
    for name in ("spread", "drain"):
        p = sub.add_parser(name)
        p.add_argument("--hosts", required=True, help="NAME=HOSTNAME,... of the running workers")
        p.add_argument("--count", type=int, default=200 if name == "drain" else 40)
        p.add_argument("--sleep", type=float, default=0.2 if name == "drain" else 0.05)
        if name == "drain":
            p.add_argument("--stop", required=True, help="NAME of the worker the stop command stops")
            p.add_argument("--stop-cmd", required=True)
            p.add_argument("--stop-after", type=int, default=30)
    a = ap.parse_args(argv)
    return {"consumers": cmd_consumers, "ready": cmd_ready, "spread": cmd_spread, "drain": cmd_drain}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
