#!/usr/bin/env bash
# Proves the protocol across languages, against a real broker, with the Python package (python/):
#   1. a plain pika producer (python/warren_client.py) checks the Java worker pool against docs/protocol.md;
#   2. warren.Worker checked the same way, plus redelivery, WorkerCrashed, ReplyQueueMissing and drains;
#   3. the Java producer (the warren CLI) served by warren.Worker, and warren.Executor by it.
# These are the pytest cases marked `interop` (python/tests/test_java_pool_protocol.py, test_worker.py);
# scripts/python-test.sh runs them with the rest of the package's tests. Needs the jars
# (mvn -DskipTests package) and Debian's python3-pika, python3-pytest, python3-setuptools, python3-venv.
#   4. every case of docs/error-cases.json (one per row of protocol.md 3.5), sent with plain pika
#      (python/malformed_check.py, standalone) to a Java pool run with the list's worker settings.
set -euo pipefail
cd "$(dirname "$0")/.."
export RABBITMQ_URI=${RABBITMQ_URI:-${WARREN_BROKER_URI:-amqp://guest:guest@127.0.0.1:5672/%2F}}
rc=0
bash scripts/python-test.sh -m interop "$@" || rc=$?

PY=/usr/bin/python3
MQ=warren.interop.errors.$$-$RANDOM
LOG=$(mktemp)
MPID=
cleanup() {
  [ -n "$MPID" ] && { kill "$MPID" 2>/dev/null || true; wait "$MPID" 2>/dev/null || true; }
  $PY - "$RABBITMQ_URI" "$MQ" <<'PYEOF' || true
import sys, pika
conn = pika.BlockingConnection(pika.URLParameters(sys.argv[1]))
for op, name in (("queue_delete", sys.argv[2]), ("queue_delete", sys.argv[2] + ".dead"),
                 ("exchange_delete", sys.argv[2] + ".control")):
    ch = conn.channel()
    try: getattr(ch, op)(name)
    except Exception: pass
conn.close()
PYEOF
  rm -f "$LOG"
}
trap cleanup EXIT
echo "--- Java pool on $MQ with docs/error-cases.json's worker settings, every error case sent by pika"
read -r MAX_BODY SOFT_MS ATTEMPTS < <($PY -c 'import json; w = json.load(open("docs/error-cases.json"))["worker"]; print(w["max_body_bytes"], w["soft_time_limit_ms"], w["max_attempts"])')
WARREN_BROKER_URI=$RABBITMQ_URI WARREN_QUEUE=$MQ WARREN_CHILDREN=2 WARREN_HTTP_PORT=0 WARREN_MAX_BODY_BYTES=$MAX_BODY \
  WARREN_SOFT_TIME_LIMIT=${SOFT_MS}ms WARREN_MAX_ATTEMPTS=$ATTEMPTS \
  java -Dmicronaut.server.port=-1 -jar worker/target/warren-worker.jar >"$LOG" 2>&1 &
MPID=$!
for i in $(seq 1 120); do # the check retries nothing: wait until both children consume
  n=$(rabbitmqctl -q list_queues name consumers 2>/dev/null | awk -v q="$MQ" '$1==q {print $2}')
  [ "${n:-0}" -ge 2 ] && break
  sleep 0.5
done
$PY python/malformed_check.py --uri "$RABBITMQ_URI" --queue "$MQ" || { rc=1; tail -50 "$LOG"; }
[ $rc -eq 0 ] && echo "python-interop: passed" || echo "python-interop: FAILED"
exit $rc
