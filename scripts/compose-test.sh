#!/usr/bin/env bash
# The docker-compose cluster for real, under podman (no Docker engine needed):
#
#   bash scripts/compose-test.sh
#
# Root on Debian bookworm with apt reachable. Installs podman & co (scripts/podman/setup.sh),
# builds the jars on the host if absent, builds the local base images (scripts/podman/images.sh;
# the debootstrap tarball is cached in ${WARREN_CACHE:-.ci/cache}/podman), then runs the
# project's unchanged docker-compose.yml and Dockerfiles with podman-compose, substituting the
# local images through RABBITMQ_IMAGE and the JRE_IMAGE build argument. It proves:
#   0. workers started before the broker wait for it: readiness DOWN, then UP once it runs, and
#      the compose file's worker healthcheck (run by hand: podman 4.3 never schedules it) agrees;
#   1. the producer service's demo workload (profile `demo`, map cube over compose/inputs.jsonl)
#      prints every result;
#   2. both worker replicas ran tasks (distinct warren-host in the replies);
#   3. `podman stop` (SIGTERM to the supervisor, PID 1) of one worker in the middle of 200 tasks:
#      every task still ends with its result and the worker exits 0;
#   4. WORKERS=4 grows the cluster to four replicas and new work reaches all four.
# Everything it created is removed at the end, pass or fail. Last line:
#   compose-test: N passed, M failed
# Settings: WARREN_CACHE, WARREN_COMPOSE_PROJECT (warrenci), WARREN_COMPOSE_AMQP_PORT and
# WARREN_COMPOSE_MANAGEMENT_PORT (host loopback ports; default: free ones), WARREN_COMPOSE_KEEP=1
# (leave the cluster up for a look; the next run removes it).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1
source scripts/podman/env.sh
START=$SECONDS
PROJECT="${WARREN_COMPOSE_PROJECT:-warrenci}"
NET="${PROJECT}_default"
ANCHOR="${PROJECT}_anchor"
CHILDREN=2
export RABBITMQ_IMAGE=localhost/warren/rabbitmq:3.10
export JRE_IMAGE=localhost/warren/jre:17
export WORKER_IMAGE=localhost/warren/worker:compose-test
export PRODUCER_IMAGE=localhost/warren/producer:compose-test
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Loopback ports on the host for the broker (5672 and 15672 may be taken by a host RabbitMQ).
export RABBITMQ_AMQP_PORT="${WARREN_COMPOSE_AMQP_PORT:-$(free_port)}"
export RABBITMQ_MANAGEMENT_PORT="${WARREN_COMPOSE_MANAGEMENT_PORT:-$(free_port)}"
while [[ $RABBITMQ_MANAGEMENT_PORT == "$RABBITMQ_AMQP_PORT" ]]; do RABBITMQ_MANAGEMENT_PORT=$(free_port); done
export WARREN_CHILDREN=$CHILDREN WORKERS=2
# The producer is in the compose profile `demo`: activate it explicitly. podman-compose 1.0.3
# knows no profiles and creates every service anyway; tools that know them read this variable.
export COMPOSE_PROFILES=demo
AMQP_URI="amqp://guest:guest@127.0.0.1:$RABBITMQ_AMQP_PORT/%2F"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/warren-compose.XXXXXX")"
COMPOSE_LOG="$WARREN_PODMAN/compose-test.log"   # podman-compose's output of the last run, kept
mkdir -p "$WARREN_PODMAN" && : >"$COMPOSE_LOG"
PASSED=0
FAILED=0

log() { printf '%s\n' "$*"; }
step() { printf '\n== [%ss] %s\n' "$((SECONDS - START))" "$*"; }
pass() { PASSED=$((PASSED + 1)); log "ok    $*"; }
fail() { FAILED=$((FAILED + 1)); log "FAIL  $*"; }
compose() { # podman-compose on the unchanged compose file, plus the override publishing AMQP on loopback
  podman-compose -p "$PROJECT" -f docker-compose.yml -f compose/publish-amqp.yml "$@" >>"$COMPOSE_LOG" 2>&1
}
workload() { PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 scripts/podman/compose_workload.py --uri "$AMQP_URI" "$@"; }
cname() { printf '%s_%s_%s' "$PROJECT" "$1" "${2:-1}"; }
hostname_of() { podman inspect --format '{{.Config.Hostname}}' "$1"; }
hosts_arg() { # hosts_arg N -> worker_1=<hostname>,...,worker_N=<hostname>
  local i out=()
  for i in $(seq 1 "$1"); do out+=("worker_$i=$(hostname_of "$(cname worker "$i")")"); done
  (IFS=,; printf '%s' "${out[*]}")
}
readiness_urls() { # readiness_urls N -> the published readiness endpoint of workers 1..N
  local i
  for i in $(seq 1 "$1"); do printf 'http://%s/health/readiness ' "$(podman port "$(cname worker "$i")" 8080 | head -1)"; done
}
healthcheck_says() { # healthcheck_says healthy|unhealthy CONTAINER...: the compose healthcheck, run once by hand
  local want=$1 c out rc got ok=0; shift
  for c in "$@"; do
    out=$(podman healthcheck run "$c" 2>>"$WORK/podman.err"); rc=$?
    # podman: 0 healthy, 1 unhealthy, anything else (e.g. no healthcheck defined) an error.
    case "$rc:$out" in
      0:*) got=healthy ;;
      1:*unhealthy*) got=unhealthy ;;
      *) got="error (exit $rc: $out $(tail -1 "$WORK/podman.err"))" ;;
    esac
    log "  healthcheck $c: $got"
    [[ $got == "$want" ]] || ok=1
  done
  return $ok
}
show_logs() { # on failure: what the containers said
  local c
  for c in $(podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}'); do
    log "---- last lines of $c"; podman logs --tail 15 "$c" 2>&1 | sed 's/^/  /'
  done
  log "---- last lines of podman-compose (all of it: $COMPOSE_LOG)"; tail -25 "$COMPOSE_LOG" | sed 's/^/  /'
  [[ -s "$WORK/podman.err" ]] && { log "---- podman's messages"; tail -10 "$WORK/podman.err" | sed 's/^/  /'; }
  return 0
}

teardown() {
  command -v podman >/dev/null || return 0
  [[ -f "$CONTAINERS_CONF" ]] || return 0
  if command -v podman-compose >/dev/null; then compose down -v -t 10 || true; fi
  # Whatever podman-compose left: containers, the anchor, volumes, the network.
  podman ps -aq --filter "label=io.podman.compose.project=$PROJECT" | xargs -r podman rm -f -t 5 >/dev/null 2>&1 || true
  podman rm -f -t 0 "$ANCHOR" >/dev/null 2>&1 || true
  podman volume ls -q --filter "label=io.podman.compose.project=$PROJECT" | xargs -r podman volume rm -f >/dev/null 2>&1 || true
  podman network rm -f "$NET" >/dev/null 2>&1 || true
  # Superseded builds of the worker and producer images (their tags moved to the new ones);
  # nothing else, as other users of the same storage (Testcontainers) may hold dangling images.
  local title
  for title in warren-worker warren-producer; do
    podman image prune -f --filter "label=org.opencontainers.image.title=$title" >/dev/null 2>&1 || true
  done
}
on_exit() { # teardown, pass or fail, then the summary as the last line
  step "teardown"
  if [[ "${WARREN_COMPOSE_KEEP:-}" == 1 ]]; then log "WARREN_COMPOSE_KEEP=1: cluster $PROJECT left up"; else teardown; fi
  rm -rf "$WORK"
  log ""; log "compose-test: $PASSED passed, $FAILED failed ($((SECONDS - START))s)"
  [[ $FAILED -eq 0 && $PASSED -gt 0 ]] && exit 0
  exit 1
}
trap on_exit EXIT
trap 'fail "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------- preparation (not counted)
prepare() {
  step "podman (scripts/podman/setup.sh)"
  bash scripts/podman/setup.sh || return 1
  step "jars"
  if [[ ! -s worker/target/warren-worker.jar || ! -s cli/target/warren.jar ]]; then
    mvn -q -B -ntp -DskipTests package || return 1
  fi
  stat -c '  %s %n' worker/target/warren-worker.jar cli/target/warren.jar
  step "base images (scripts/podman/images.sh)"
  bash scripts/podman/images.sh || return 1
  step "leftovers of an earlier run"
  teardown
  step "network $NET, pinned bridge MAC (netavark DNS-stall fix)"
  podman network create --label "io.podman.compose.project=$PROJECT" \
    --label "com.docker.compose.project=$PROJECT" "$NET" >/dev/null || return 1
  # An idle container brings the bridge up; pinning its current MAC stops it changing when later
  # containers join (earlier ones would keep a stale gateway MAC and stall DNS for ~40 s).
  podman run -d --name "$ANCHOR" --network "$NET" --stop-signal KILL \
    localhost/warren/debian:bookworm sleep infinity >/dev/null 2>>"$WORK/podman.err" || return 1
  local bridge mac
  bridge=$(podman network inspect --format '{{.NetworkInterface}}' "$NET")
  mac=$(cat "/sys/class/net/$bridge/address") && ip link set "$bridge" address "$mac" || return 1
  log "  $bridge pinned at $mac"
  step "images of the compose file (podman-compose build, JRE_IMAGE=$JRE_IMAGE)"
  # podman-compose does not report a failed build: untag the last run's images first, so a
  # failure leaves no image behind. Named services: it would otherwise build once per replica.
  podman untag "$WORKER_IMAGE" >/dev/null 2>&1 || true
  podman untag "$PRODUCER_IMAGE" >/dev/null 2>&1 || true
  compose build worker producer || return 1
  podman image exists "$WORKER_IMAGE" && podman image exists "$PRODUCER_IMAGE" || return 1
  log "  built $WORKER_IMAGE and $PRODUCER_IMAGE"
  step "containers created (podman-compose up --no-start, WORKERS=2, RABBITMQ_IMAGE=$RABBITMQ_IMAGE)"
  compose up --no-start --no-build || return 1
  podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '  {{.Names}}  {{.Image}}'
}

# ---------------------------------------------------------------- checks
check_workers_wait_for_broker() {
  step "0. workers started before the broker wait for it"
  podman start "$(cname worker 1)" "$(cname worker 2)" >/dev/null 2>>"$WORK/podman.err" || { fail "workers did not start"; return 1; }
  local -a urls; read -ra urls <<<"$(readiness_urls 2)"
  local -a workers=("$(cname worker 1)" "$(cname worker 2)")
  # The broker is not even created on the network yet: readiness must answer 503, not crash.
  if workload --timeout 90 ready --expect down "${urls[@]}"; then
    local down_ok=0; healthcheck_says unhealthy "${workers[@]}" || down_ok=1
    # (podman 4.3 logs that it cannot schedule the health check without systemd: expected.)
    podman start "$(cname rabbitmq)" >/dev/null 2>>"$WORK/podman.err" || { fail "rabbitmq did not start"; return 1; }
    if workload --timeout 120 consumers $((2 * CHILDREN)) && workload --timeout 60 ready --expect up "${urls[@]}"; then
      pass "workers retried until the broker was up, then became ready"
      if [[ $down_ok == 0 ]] && healthcheck_says healthy "${workers[@]}"; then
        pass "the compose healthcheck said unhealthy without a broker and healthy once ready"
      else
        fail "the compose healthcheck does not follow readiness"
      fi
      return 0
    fi
  fi
  fail "workers did not wait for the broker"; return 1
}

check_producer_demo() {
  step "1. the producer service's demo workload (profile demo: map cube over compose/inputs.jsonl)"
  local producer rc
  producer=$(cname producer)
  podman start -a "$producer" >"$WORK/producer.out" 2>"$WORK/producer.err" </dev/null
  rc=$(podman inspect --format '{{.State.ExitCode}}' "$producer")
  awk '{ print $1 * $1 * $1 }' compose/inputs.jsonl >"$WORK/expected.out"
  grep -E '^-?[0-9]+$' "$WORK/producer.out" >"$WORK/results.out" || true
  if [[ "$rc" == 0 ]] && cmp -s "$WORK/expected.out" "$WORK/results.out"; then
    pass "producer printed all $(wc -l <"$WORK/results.out") cubes in order, exit 0"
  else
    fail "producer exit $rc, $(wc -l <"$WORK/results.out") of $(wc -l <"$WORK/expected.out") results"
    diff "$WORK/expected.out" "$WORK/results.out" | head -10; tail -10 "$WORK/producer.err"
  fi
}

check_both_replicas_ran() {
  step "2. both worker replicas run tasks"
  if workload spread --hosts "$(hosts_arg 2)" --count 40 --sleep 0.05; then
    pass "40 tasks spread over both replicas"
  else
    fail "work did not reach both replicas"
  fi
}

check_stop_drains() {
  step "3. stop a worker (SIGTERM to PID 1) in the middle of 200 tasks"
  local victim rc
  victim=$(cname worker 2)
  if workload drain --hosts "$(hosts_arg 2)" --count 200 --sleep 0.2 --stop-after 30 \
       --stop worker_2 --stop-cmd "podman stop -t 90 $victim"; then
    rc=$(podman inspect --format '{{.State.ExitCode}}' "$victim")
    if [[ "$rc" == 0 ]]; then
      pass "no task lost while worker_2 drained; it exited 0"
      podman logs --tail 200 "$victim" 2>&1 | grep -i -m3 -E 'drain|SIGTERM|shut' | sed 's/^/  | /'
    else
      fail "worker_2 exited $rc after SIGTERM"
    fi
  else
    fail "tasks were lost or the stop failed"
  fi
}

check_scale_to_four() {
  step "4. WORKERS=4: grow to four replicas"
  # podman-compose creates worker_3 and worker_4 and starts the existing (stopped) worker_2 again.
  WORKERS=4 compose up -d --no-build worker || { fail "podman-compose up WORKERS=4"; return 1; }
  local -a urls
  if workload --timeout 120 consumers $((4 * CHILDREN)) && read -ra urls <<<"$(readiness_urls 4)" \
     && workload --timeout 60 ready --expect up "${urls[@]}" \
     && workload spread --hosts "$(hosts_arg 4)" --count 80 --sleep 0.05; then
    pass "four replicas consume; 80 new tasks reached all four"
  else
    fail "scaling to four replicas"
  fi
}

if ! prepare; then
  fail "preparation (packages, jars, images, network or containers)"
  show_logs
  exit 1
fi
if check_workers_wait_for_broker; then
  check_producer_demo
  check_both_replicas_ran
  check_stop_drains
  check_scale_to_four
else
  fail "cluster did not come up; later checks skipped"
fi
[[ $FAILED -gt 0 ]] && show_logs
exit 0   # the EXIT trap tears down and prints the summary
