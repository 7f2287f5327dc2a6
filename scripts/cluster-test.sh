#!/usr/bin/env bash
# warren on a real 3-node RabbitMQ cluster, losing nodes under load.
#
#   bash scripts/cluster-test.sh
#
# Three private RabbitMQ nodes on this machine (scripts/rabbit-node.sh: AMQP on 127.0.0.1:5720-5722,
# clustered; the shared broker on 5672 is never touched), a quorum task queue replicated on all
# three, two supervisors (java -jar worker/target/warren-worker.jar, 2 children each) and a producer
# (dev.warren.bench.ClusterRun: a map of TASKS sleep tasks, IN_FLIGHT outstanding), all given the
# three nodes in WARREN_BROKER_ADDRESSES. Mid-run: the node leading the task queue is stopped,
# later restarted, then another node is stopped. Passes when every future ended with its result,
# 0 lost, executions beyond the first (the supervisors' warren_tasks_completed counters) <= IN_FLIGHT,
# the queues are empty and nothing hung. The last line says so; exit 0 only then.
#
# Settings: TASKS (3000), TASK_MS (50), IN_FLIGHT (200), DEADLINE_S (150, the producer's own limit);
# KEEP_LOGS=1 keeps the logs of nodes, supervisors and producer.
# Why local nodes and not podman: see docs/reliability.md ("A three-node cluster").
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TASKS=${TASKS:-3000}
TASK_MS=${TASK_MS:-50}
IN_FLIGHT=${IN_FLIGHT:-200}
DEADLINE_S=${DEADLINE_S:-150}
NODES=(wcl0 wcl1 wcl2)
PORTS=(5720 5721 5722)
HTTP_PORTS=(5730 5731)
export WARREN_NODE_DIR=${WARREN_NODE_DIR:-/tmp/warren-cluster-test}
WORK=$(mktemp -d /tmp/warren-cluster-test.XXXXXX)
QUEUE=warren.cluster.$$
START=$SECONDS
SUPERVISORS=()
PRODUCER=""
NODE=(bash "$ROOT/scripts/rabbit-node.sh")

log() { echo "cluster-test [$((SECONDS - START))s] $*"; }
fail() {
  log "FAILED: $*"
  for f in "$WORK"/*.log; do [ -f "$f" ] && { echo "--- tail of $f"; tail -25 "$f"; }; done
  echo "cluster-test: FAILED ($*), $((SECONDS - START)) s"
  exit 1
}
port_of() { local i; for i in 0 1 2; do [ "${NODES[$i]}" = "$1" ] && echo "${PORTS[$i]}"; done; }
ctl() { timeout 30 "${NODE[@]}" ctl "$@" 2>/dev/null; } # ctl NODE ARGS: rabbitmqctl, bounded
cleanup() {
  [ -n "$PRODUCER" ] && kill -KILL "$PRODUCER" 2>/dev/null
  for p in "${SUPERVISORS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${SUPERVISORS[@]}"; do
    for _ in $(seq 1 70); do kill -0 "$p" 2>/dev/null || break; sleep 1; done
    kill -KILL "$p" 2>/dev/null
  done
  for n in "${NODES[@]}"; do timeout 60 "${NODE[@]}" wipe "$n" >/dev/null 2>&1; done
  if [ -n "${KEEP_LOGS:-}" ]; then echo "cluster-test: logs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'fail "interrupted"' INT TERM

# --- build (CI has built everything already) ---
if [ ! -f worker/target/warren-worker.jar ] || [ ! -f bench/target/warren-bench.jar ]; then
  log "building worker and bench jars"
  mvn -q -B -ntp -DskipTests package -pl worker,bench -am >"$WORK/build.log" 2>&1 || fail "build"
fi

# --- three clustered nodes ---
for n in "${NODES[@]}"; do timeout 60 "${NODE[@]}" wipe "$n" >/dev/null 2>&1; done # leftovers of an aborted run
for i in 0 1 2; do
  timeout 120 "${NODE[@]}" start "${NODES[$i]}" "${PORTS[$i]}" >"$WORK/node-$i.log" 2>&1 &
done
wait || true
for i in 0 1 2; do ctl "${NODES[$i]}" await_startup --timeout 5 >/dev/null || fail "node ${NODES[$i]} did not start"; done
for i in 1 2; do
  timeout 120 "${NODE[@]}" join "${NODES[$i]}" "${NODES[0]}" >"$WORK/join-$i.log" 2>&1 || fail "node ${NODES[$i]} did not join"
done
running=$(ctl "${NODES[0]}" cluster_status --formatter json | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["running_nodes"]))')
[ "$running" = 3 ] || fail "cluster has $running running nodes, expected 3"
log "3-node cluster up: ${NODES[*]} on 127.0.0.1:${PORTS[0]},${PORTS[1]},${PORTS[2]}"

# --- two supervisors, told about all three nodes ---
export WARREN_BROKER_URI="amqp://guest:guest@127.0.0.1/%2F"
export WARREN_BROKER_ADDRESSES="127.0.0.1:${PORTS[0]},127.0.0.1:${PORTS[1]},127.0.0.1:${PORTS[2]}"
export WARREN_QUEUE=$QUEUE
for i in 0 1; do
  WARREN_CHILDREN=2 WARREN_HTTP_PORT=${HTTP_PORTS[$i]} java -jar worker/target/warren-worker.jar >"$WORK/supervisor-$i.log" 2>&1 &
  SUPERVISORS+=($!)
done
for i in 0 1; do
  ok=""
  for _ in $(seq 1 120); do
    [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:${HTTP_PORTS[$i]}/health/readiness")" = 200 ] && { ok=1; break; }
    kill -0 "${SUPERVISORS[$i]}" 2>/dev/null || break
    sleep 0.5
  done
  [ -n "$ok" ] || fail "supervisor $i not ready"
done
members=$(ctl "${NODES[0]}" list_queues name members --formatter json | /usr/bin/python3 -c "
import json,sys
print(next((len(q['members']) for q in json.load(sys.stdin) if q['name']=='$QUEUE'), 0))")
[ "$members" = 3 ] || fail "task queue $QUEUE has $members members, expected a quorum queue on 3 nodes"
log "2 supervisors ready (2 children each); task queue $QUEUE: quorum, 3 members"

leader() { # the node leading the task queue, asked of a running node
  local n
  for n in "$@"; do
    ctl "$n" list_queues name leader --formatter json | /usr/bin/python3 -c "
import json,sys
print(next((q['leader'].split('@')[0] for q in json.load(sys.stdin) if q['name']=='$QUEUE'), ''))" && return
  done
}
progress() { local n; n=$(cat "$WORK/progress" 2>/dev/null); echo "${n:-0}"; }
await_progress() { # await_progress PERCENT: until the producer has that many results (or ended)
  local want=$((TASKS * $1 / 100))
  while [ "$(progress)" -lt "$want" ]; do
    kill -0 "$PRODUCER" 2>/dev/null || return 1
    sleep 0.2
  done
}

# --- the producer, and the faults ---
echo 0 >"$WORK/progress"
timeout $((DEADLINE_S + 30)) java -cp bench/target/warren-bench.jar dev.warren.bench.ClusterRun \
  "$TASKS" "$TASK_MS" "$IN_FLIGHT" "$DEADLINE_S" "$WORK/progress" >"$WORK/producer.log" 2>&1 &
PRODUCER=$!
log "producer: map of $TASKS sleep tasks (${TASK_MS} ms), $IN_FLIGHT in flight"

FAULTS=""
await_progress 20 || fail "the run ended before the first fault"
first=$(leader "${NODES[@]}")
[ -n "$first" ] || fail "no leader found for $QUEUE"
log "at $(progress)/$TASKS results: stopping $first (the task queue's leader)"
timeout 60 "${NODE[@]}" stop "$first"
others=(); for n in "${NODES[@]}"; do [ "$n" != "$first" ] && others+=("$n"); done
log "new leader: $(leader "${others[@]}"); reply queue(s): $(ctl "${others[0]}" list_queues name type --formatter json | /usr/bin/python3 -c "
import json,sys
print(', '.join(q['name'] + ' ' + q['type'] for q in json.load(sys.stdin) if q['name'].startswith('warren.reply.')) or 'none')")"
await_progress 45 || fail "the run ended while $first was down"
log "at $(progress)/$TASKS results: restarting $first"
timeout 120 "${NODE[@]}" start "$first" "$(port_of "$first")" >>"$WORK/node-restart.log" 2>&1 || fail "$first did not restart"
kill -0 "$PRODUCER" 2>/dev/null || fail "the run ended before $first was back"
await_progress 70 || fail "the run ended before the second stop"
second=$(leader "${NODES[@]}")
[ "$second" = "$first" ] || [ -z "$second" ] && second=${others[0]}
log "at $(progress)/$TASKS results: stopping $second"
timeout 60 "${NODE[@]}" stop "$second"
kill -0 "$PRODUCER" 2>/dev/null || fail "the run ended before the second stop took effect"
FAULTS="leader $first stopped+restarted, $second stopped"

# --- the verdict ---
wait "$PRODUCER"; rc=$?
PRODUCER=""
grep '^cluster-run:' "$WORK/producer.log" | sed 's/^/  /'
line=$(grep '^cluster-run: results=' "$WORK/producer.log" | tail -1)
results=$(sed -E 's/.*results=([0-9]+).*/\1/' <<<"$line")
lost=$(sed -E 's/.*lost=([0-9]+).*/\1/' <<<"$line")
failed=$(sed -E 's/.*failed=([0-9]+).*/\1/' <<<"$line")
[ -n "$line" ] || fail "the producer printed no result line (exit $rc)"
executions=0
for p in "${HTTP_PORTS[@]}"; do
  n=$(curl -s -m 5 "http://127.0.0.1:$p/prometheus" | awk '/^warren_tasks_completed_total\{.*task="sleep"/ {s += $NF} END {printf "%d", s}')
  executions=$((executions + ${n:-0}))
done
duplicates=$((executions > TASKS ? executions - TASKS : 0))
live=(); for n in "${NODES[@]}"; do [ "$n" != "$second" ] && live+=("$n"); done
left=$(ctl "${live[0]}" list_queues name messages --formatter json | /usr/bin/python3 -c "
import json,sys
print(sum(q['messages'] for q in json.load(sys.stdin) if q['name'] in ('$QUEUE', '$QUEUE.dead')))")
summary="$results/$TASKS results, $lost lost, $failed failed, $duplicates duplicates (<= $IN_FLIGHT in flight), $FAULTS, ${left:-?} left in the queues"
if [ "$rc" -ne 0 ] || [ "$results" != "$TASKS" ] || [ "$lost" != 0 ] || [ "$duplicates" -gt "$IN_FLIGHT" ] || [ "${left:-1}" != 0 ]; then
  fail "$summary"
fi
echo "cluster-test: $summary, $((SECONDS - START)) s"
