#!/usr/bin/env bash
# The integration tests on a Testcontainers broker, over podman's Docker-compatible API (no Docker engine needed):
#
#   bash scripts/testcontainers-stage.sh
#
# Root on Debian bookworm with apt reachable. Sets up podman (scripts/podman/setup.sh), builds and caches the
# RabbitMQ image from Debian packages (scripts/podman/images.sh; it builds warren's JRE image too, which the
# compose test shares), starts `podman system service` on a private socket and runs, offline, the chosen
# integration tests of warren-testing and warren-worker with RABBITMQ_URI unset, so that TestBroker picks a
# Testcontainers RabbitMQ, plus the broker fault tests of the chaos kit (ChaosBrokerIT, ChaosIT), which need one.
# Whatever happens (test failure, a killed test JVM, Ctrl-C), the containers Testcontainers made, the supervisors
# the tests started and the API service are removed at the end.
#
# Settings:
#   WARREN_TEST_RABBITMQ_IMAGE  broker image (default localhost/warren/rabbitmq:3.10, built here; any other
#                               image must already be in podman's store: no registry is reachable here)
#   WARREN_TC_ITS               failsafe -Dit.test value (default: the kit's tests, the chaos tests and a
#                               portable subset of the worker's integration tests, to stay near 5 minutes)
#   WARREN_CACHE                cache directory (default .ci/cache), see scripts/podman/env.sh
# With Docker itself no script is needed: `mvn -pl worker verify` with RABBITMQ_URI unset uses Testcontainers and
# the official rabbitmq:3.13-management image.
#
# Prints the Maven result lines and the chaos figures; the full log stays in $WARREN_CACHE/testcontainers-stage.log.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
START=$SECONDS
log() { printf 'tc-stage [%ss]: %s\n' "$((SECONDS - START))" "$*"; }

# The chaos tests need a container broker; the other ITs already ran on RabbitMQ and on the embedded broker in CI, so
# CI runs only these (WARREN_TC_ITS='TestBrokerIT,ChaosBrokerIT,ChaosIT,ChildIT,MalformedMessageIT,PoolIT,...' runs more).
DEFAULT_ITS='TestBrokerIT,ChaosBrokerIT,ChaosIT,PoisonTaskIT'
ITS="${WARREN_TC_ITS:-$DEFAULT_ITS}"
IMAGE="${WARREN_TEST_RABBITMQ_IMAGE:-localhost/warren/rabbitmq:3.10}"

bash scripts/podman/setup.sh
source scripts/podman/env.sh
MVN_LOG="$WARREN_CACHE/testcontainers-stage.log"
RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/warren-tc.XXXXXX")"   # short path: a unix socket name is limited to 107 bytes
SOCKET="$RUN_DIR/podman.sock"
SERVICE_PID=""
MVN_PID=""

remove_containers() { # every container Testcontainers made on this podman store (Ryuk is off, so nothing else does)
  podman ps -aq --filter label=org.testcontainers=true | xargs -r podman rm -f -t 0 >/dev/null 2>&1 || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $MVN_PID ]]; then
    # Maven runs in its own process group: this also reaches the supervisors and children the tests started,
    # even when the test JVM died and they were orphaned.
    kill -KILL -- "-$MVN_PID" 2>/dev/null || true
  fi
  remove_containers
  if [[ -n $SERVICE_PID ]]; then
    kill "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
  fi
  rm -rf "$RUN_DIR"
  log "cleaned up (containers labelled org.testcontainers=true, API service, test processes)"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ $IMAGE == localhost/warren/* ]]; then
  bash scripts/podman/images.sh
else
  podman image exists "$IMAGE" || { log "image $IMAGE is not in podman's store (no registry is reachable)"; exit 1; }
fi
remove_containers   # leftovers of an earlier run whose cleanup never ran (kill -9 of this script)

podman system service --time=0 "unix://$SOCKET" >"$RUN_DIR/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 100); do
  [[ $(curl -s --max-time 2 --unix-socket "$SOCKET" http://d/_ping 2>/dev/null) == OK ]] && break
  kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$RUN_DIR/service.log" >&2; log "podman system service exited"; exit 1; }
  sleep 0.1
done
[[ $(curl -s --max-time 2 --unix-socket "$SOCKET" http://d/_ping) == OK ]] || { log "podman API not answering on $SOCKET"; exit 1; }
log "podman API on $SOCKET (pid $SERVICE_PID); broker image $IMAGE"

export DOCKER_HOST="unix://$SOCKET"
export TESTCONTAINERS_RYUK_DISABLED=true        # Ryuk's image cannot be pulled; the trap above cleans up instead
export WARREN_TEST_RABBITMQ_IMAGE="$IMAGE"
unset RABBITMQ_URI WARREN_TEST_BROKER            # so TestBroker picks Testcontainers

log "mvn -o -B -pl testing,worker -am verify -Dit.test=$ITS (log: $MVN_LOG)"
set +e
setsid mvn -o -B -ntp -pl testing,worker -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test="$ITS" -Dfailsafe.failIfNoSpecifiedTests=false >"$MVN_LOG" 2>&1 </dev/null &
MVN_PID=$!
wait "$MVN_PID"
MVN_RC=$?
set -e

grep -E '^\[(INFO|WARNING|ERROR)\] Tests run:.* -- in ' "$MVN_LOG" | sed 's/^\[[A-Z]*\] /  /' || true
sed -n '/^chaos figures/,/^\[/p' "$MVN_LOG" | grep -E '^(chaos figures|\|)' || true
if [[ $MVN_RC -ne 0 ]]; then
  log "Maven failed ($MVN_RC); last lines of $MVN_LOG:"
  tail -60 "$MVN_LOG"
fi
BUILD_LINE=$(grep -E '^\[INFO\] BUILD (SUCCESS|FAILURE)' "$MVN_LOG" | tail -1 | sed 's/^\[INFO\] //' || true)
TOTALS=$(grep -E '^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$MVN_LOG" \
  | awk -F'[:,] *' '{t+=$2; f+=$4; e+=$6; s+=$8} END {if (NR) printf "integration tests run: %d, failures: %d, errors: %d, skipped: %d", t, f, e, s}')
log "maven exit $MVN_RC: ${BUILD_LINE:-no BUILD line (Maven or its test JVM was killed)}${TOTALS:+; $TOTALS}"
exit "$MVN_RC"
