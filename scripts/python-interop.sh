#!/usr/bin/env bash
# Proves the protocol across languages, against a real broker:
#   1. a Python producer (pika only, python/producer_check.py) → the Java worker pool;
#   2. the Java producer (warren.jar) → a minimal Python worker (python/worker.py);
#   3. the Python worker's own checks (redelivery, dead-letters, drain) — python/self_check.py.
# Needs the jars (mvn -DskipTests package) and Debian's python3-pika. Uses fresh queues, cleans up.
set -euo pipefail
cd "$(dirname "$0")/.."
URI=${RABBITMQ_URI:-${WARREN_BROKER_URI:-amqp://guest:guest@127.0.0.1:5672/%2F}}
PY=/usr/bin/python3
SUFFIX=$$-$RANDOM
JQ=warren.interop.java.$SUFFIX
PQ=warren.interop.python.$SUFFIX
PIDS=()
LOG=$(mktemp -d)
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  $PY - "$URI" "$JQ" "$JQ.dead" "$PQ" "$PQ.dead" <<'PYEOF' || true
import sys, pika
conn = pika.BlockingConnection(pika.URLParameters(sys.argv[1]))
for q in sys.argv[2:]:
    ch = conn.channel()
    try: ch.queue_delete(q)
    except Exception: pass
for x in (sys.argv[2] + ".control", sys.argv[4] + ".control"):
    ch = conn.channel()
    try: ch.exchange_delete(x)
    except Exception: pass
conn.close()
PYEOF
  rm -rf "$LOG"
}
trap cleanup EXIT
fail=0

echo "--- Java pool on $JQ, checked by the Python producer"
WARREN_BROKER_URI=$URI WARREN_QUEUE=$JQ WARREN_CHILDREN=2 WARREN_HTTP_PORT=0 \
  java -Dmicronaut.server.port=-1 -jar worker/target/warren-worker.jar >"$LOG/worker.log" 2>&1 &
PIDS+=($!)
# the check retries nothing: wait until both children consume
for i in $(seq 1 120); do
  n=$(rabbitmqctl -q list_queues name consumers 2>/dev/null | awk -v q="$JQ" '$1==q {print $2}')
  [ "${n:-0}" -ge 2 ] && break
  sleep 0.5
done
$PY python/producer_check.py --uri "$URI" --queue "$JQ" || { fail=1; tail -50 "$LOG/worker.log"; }

echo "--- Python worker on $PQ, called by the Java producer"
$PY python/worker.py "$PQ" --uri "$URI" 2>"$LOG/pyworker.log" &
PIDS+=($!)
for i in $(seq 1 60); do grep -q serving "$LOG/pyworker.log" && break; sleep 0.5; done
out=$(WARREN_BROKER_URI=$URI WARREN_QUEUE=$PQ java -jar cli/target/warren.jar submit py.upper '"hello from java"' --timeout 30s) || true
if [ "$out" = '"HELLO FROM JAVA"' ]; then echo "ok    java producer -> python worker: $out"; else echo "FAIL  java producer -> python worker: got '$out'"; fail=1; cat "$LOG/pyworker.log"; fi

echo "--- Python worker self-check"
$PY python/self_check.py --uri "$URI" || fail=1

[ $fail -eq 0 ] && echo "python-interop: passed" || { echo "python-interop: FAILED"; exit 1; }
