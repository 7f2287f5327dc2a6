#!/usr/bin/env bash
# The compose topology without containers: one broker, two supervisors (each with its child JVMs)
# and a producer, as separate processes on this machine.
#
#   scripts/local-cluster.sh                 # run a demo workload across both supervisors, then drain and stop
#   scripts/local-cluster.sh --keep          # leave the cluster running until Ctrl-C (SIGTERM → drain)
#
# Broker: WARREN_BROKER_URI (default: the local RabbitMQ, amqp://guest:guest@localhost:5672/%2F).
# Settings: WARREN_CHILDREN (default 2 per supervisor), WARREN_QUEUE (default warren.local.<pid>),
# HTTP ports 8081 and 8082 (override with PORTS="9001 9002").
set -euo pipefail
cd "$(dirname "$0")/.."
KEEP=false; [ "${1:-}" = "--keep" ] && KEEP=true
export WARREN_BROKER_URI=${WARREN_BROKER_URI:-amqp://guest:guest@localhost:5672/%2F}
export WARREN_QUEUE=${WARREN_QUEUE:-warren.local.$$}
export WARREN_CHILDREN=${WARREN_CHILDREN:-2}
read -r -a PORTS <<< "${PORTS:-8081 8082}"
[ -f worker/target/warren-worker.jar ] && [ -f cli/target/warren.jar ] || mvn -q -B -DskipTests package
LOGS=$(mktemp -d /tmp/warren-local-XXXX)
SUPERVISORS=()
stop() {
  echo "stopping: SIGTERM to the supervisors (they drain: running tasks finish, then exit 0)"
  for p in "${SUPERVISORS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${SUPERVISORS[@]}"; do wait "$p" 2>/dev/null && echo "supervisor $p exited 0" || echo "supervisor $p exited $?"; done
  echo "logs in $LOGS"
}
trap stop EXIT
for port in "${PORTS[@]}"; do
  java -Dmicronaut.server.port="$port" -jar worker/target/warren-worker.jar >"$LOGS/supervisor-$port.log" 2>&1 &
  SUPERVISORS+=($!)
  echo "supervisor pid $! (HTTP :$port, log $LOGS/supervisor-$port.log)"
done
for port in "${PORTS[@]}"; do
  for i in $(seq 1 120); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/readiness" || true)" = 200 ] && break
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$port/health/readiness" >/dev/null || { echo "supervisor on :$port not ready"; tail -30 "$LOGS/supervisor-$port.log"; exit 1; }
done
echo "cluster ready: queue $WARREN_QUEUE on $(echo "$WARREN_BROKER_URI" | sed -E 's#(//[^:/@]*):[^@/]*@#\1:****@#')"
seq 1 1000 > "$LOGS/inputs.txt"  # cube(n) fits an int up to n = 1290
echo "producer: map cube over 1000 inputs, chunks of 20"
java -jar cli/target/warren.jar map cube "$LOGS/inputs.txt" --chunksize 20 | tail -3
for port in "${PORTS[@]}"; do echo "pool of :$port"; curl -s "http://127.0.0.1:$port/pool"; echo; done
if $KEEP; then echo "running; Ctrl-C to drain and stop"; wait; fi
