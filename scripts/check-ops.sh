#!/usr/bin/env bash
# Offline checks of the operations files: Dockerfiles, docker-compose.yml, k8s/.
#
#   bash scripts/check-ops.sh
#
# Needs only Debian's apt and the npm registry (installs docker-compose from apt, and pinned npm
# packages from scripts/ops-check/package-lock.json into the cache). Idempotent; run as root on
# a fresh machine, or as any user once docker-compose and node are installed.
#   1. dockerfilelint (pinned) on both Dockerfiles, plus warren's rules (pinned base tag from the
#      build argument, exec-form ENTRYPOINT, non-root USER, AppCDS archive/class path match);
#   2. Debian's docker-compose `config -q` on the compose file (and its AMQP-port override, and the
#      three-node cluster file compose/cluster.yml),
#      plus warren's rules (healthcheck, volume, no 5672 on the host, grace > drain, ...);
#   3. every k8s/overlays/* rendered with `kubectl kustomize` when kubectl is installed, and by
#      scripts/ops-check/render-kustomize.mjs otherwise (with kubectl, both must agree);
#   4. every rendered object checked strictly against kubernetes-models, @kubernetes-models/keda
#      and @kubernetes-models/prometheus-operator (JSON Schema + TypeScript declarations: unknown
#      fields and wrong types are rejected), plus warren's rules (CPU request = children,
#      grace > drain >= hard limit, one autoscaler, KEDA counts unacknowledged tasks and has a
#      fallback, PDB lets unready pods go, PodMonitor on the metrics port and path,
#      Secret-mounted broker URI);
#   5. negative self-tests: broken inputs that each stage must reject.
# Cache: ${WARREN_CACHE:-<repo>/.ci/cache}/ops-check.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHECKS="$ROOT/scripts/ops-check"
CACHE="${WARREN_CACHE:-$ROOT/.ci/cache}"
TOOLS="$CACHE/ops-check"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/warren-ops.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
START=$SECONDS
SUMMARY=()
FAILED=0

log() { printf '%s\n' "$*"; }
step() { printf '\n== %s\n' "$*"; }
result() { # result NAME STATUS
  SUMMARY+=("$(printf '%-6s %s' "$2" "$1")")
  if [[ "$2" != ok ]]; then FAILED=$((FAILED + 1)); fi
}
run_check() { # run_check NAME CMD... : records ok/FAIL from the exit status
  local name=$1; shift
  if "$@"; then result "$name" ok; else result "$name" FAIL; fi
}

apt_install() { # apt_install PACKAGE... (one retry after refreshing the lists)
  if [[ $(id -u) -ne 0 ]]; then
    log "missing: $* (install it, or run this script as root)"; return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "$@" >"$WORK/apt.log" 2>&1 \
    || { apt-get update -qq >>"$WORK/apt.log" 2>&1 && apt-get install -y -qq --no-install-recommends "$@" >>"$WORK/apt.log" 2>&1; } \
    || { tail -20 "$WORK/apt.log"; return 1; }
}

ensure_tools() {
  step "tools"
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then apt_install nodejs npm; fi
  if ! command -v docker-compose >/dev/null; then apt_install docker-compose; fi
  mkdir -p "$TOOLS"
  # Reinstall only when the pinned lockfile changed.
  if ! cmp -s "$CHECKS/package-lock.json" "$TOOLS/installed.lock"; then
    rm -rf "$TOOLS/node_modules" "$TOOLS/installed.lock"
    cp "$CHECKS/package.json" "$CHECKS/package-lock.json" "$TOOLS/"
    (cd "$TOOLS" && { npm ci --no-audit --no-fund --loglevel=error || npm ci --no-audit --no-fund --loglevel=error; }) \
      2>&1 | grep -v -e 'Unknown user config' -e EBADENGINE -e 'required: {' -e 'current: {' -e '^npm warn }$' || true
    [[ -x "$TOOLS/node_modules/.bin/dockerfilelint" ]] || { log "npm install failed"; return 1; }
    cp "$CHECKS/package-lock.json" "$TOOLS/installed.lock"
  fi
  # The scripts run next to node_modules so that their imports resolve.
  cp "$CHECKS"/*.mjs "$TOOLS/"
  # kubectl >= 1.21 embeds kustomize >= v4 (components); Debian's kubectl 1.20 does not.
  # WARREN_KUSTOMIZE=fallback forces the fallback renderer (to test it where kubectl exists).
  KUBECTL=""
  local version="" kustomize
  if [[ "${WARREN_KUSTOMIZE:-}" != fallback ]] && command -v kubectl >/dev/null; then
    version=$(kubectl version --client 2>/dev/null || true)
  fi
  if [[ "$version" =~ Kustomize\ Version:\ (v([4-9]|[1-9][0-9])\.[^[:space:]]*) ]]; then
    KUBECTL=$(command -v kubectl)
    kustomize="kubectl kustomize ${BASH_REMATCH[1]}"
  else
    kustomize="scripts/ops-check/render-kustomize.mjs (no kubectl with kustomize >= v4)"
  fi
  log "node $(node --version), docker-compose $(docker-compose version --short 2>/dev/null)," \
      "dockerfilelint $(cd "$TOOLS" && node -p 'require("dockerfilelint/package.json").version'), kustomize: $kustomize"
}

check_dockerfiles() {
  step "Dockerfiles"
  local lint="$TOOLS/node_modules/.bin/dockerfilelint"
  run_check "dockerfilelint Dockerfile producer.Dockerfile" \
    "$lint" -c "$CHECKS" "$ROOT/Dockerfile" "$ROOT/producer.Dockerfile"
  # Negative self-test: the linter must flag a careless Dockerfile.
  printf 'FROM debian:latest\nRUN apt-get install curl\nADD app.jar /app.jar\nENTRYPOINT java -jar /app.jar\n' >"$WORK/Bad.Dockerfile"
  if "$lint" -c "$CHECKS" "$WORK/Bad.Dockerfile" >"$WORK/badlint.out" 2>&1; then
    log "dockerfilelint accepted a broken Dockerfile:"; cat "$WORK/badlint.out"; result "negative: dockerfilelint rejects a broken Dockerfile" FAIL
  else
    log "ok    negative: dockerfilelint flagged $(grep -c '^ *[0-9]\+ ' "$WORK/badlint.out" || true) issue(s) in a broken Dockerfile"
    result "negative: dockerfilelint rejects a broken Dockerfile" ok
  fi
}

compose_configs() {
  (cd "$ROOT" && env -u WORKERS -u JRE_IMAGE -u RABBITMQ_IMAGE docker-compose -f docker-compose.yml config -q) || return 1
  (cd "$ROOT" && docker-compose -f docker-compose.yml -f compose/publish-amqp.yml config -q) || return 1
  (cd "$ROOT" && WORKERS=4 docker-compose -f docker-compose.yml config >"$WORK/compose4.yaml") || return 1
  grep -q 'replicas: 4' "$WORK/compose4.yaml" || { log "WORKERS=4 did not set deploy.replicas"; return 1; }
  (cd "$ROOT" && env -u WORKERS -u JRE_IMAGE -u RABBITMQ_IMAGE docker-compose -f compose/cluster.yml config -q) || return 1
  (cd "$ROOT" && docker-compose -f compose/cluster.yml config >"$WORK/cluster.yaml") || return 1
  # the cluster file: three nodes with one cookie, and every client told about all three
  [[ $(grep -c 'RABBITMQ_ERLANG_COOKIE' "$WORK/cluster.yaml") -eq 3 ]] || { log "compose/cluster.yml: not 3 nodes sharing a cookie"; return 1; }
  [[ $(grep -c 'WARREN_BROKER_ADDRESSES: rabbitmq-1:5672,rabbitmq-2:5672,rabbitmq-3:5672' "$WORK/cluster.yaml") -eq 2 ]] \
    || { log "compose/cluster.yml: worker and producer must list the three nodes"; return 1; }
  log "ok    docker-compose config -q (default, publish-amqp override, WORKERS=4, compose/cluster.yml)"
}

check_compose() {
  step "docker-compose.yml"
  run_check "docker-compose config -q" compose_configs
  (cd "$ROOT" && env -u WORKERS -u JRE_IMAGE -u RABBITMQ_IMAGE docker-compose -f docker-compose.yml config) >"$WORK/compose.yaml" || true
  # Negative self-test: an unknown service option must fail validation.
  printf 'services:\n  worker:\n    image: warren/worker:dev\n    stop_grace: 90s\n' >"$WORK/bad-compose.yml"
  if docker-compose -f "$WORK/bad-compose.yml" config -q >"$WORK/badcompose.out" 2>&1; then
    log "docker-compose accepted an unknown option"; result "negative: compose rejects an unknown option" FAIL
  else
    log "ok    negative: $(grep -m1 -o "Unsupported config option.*" "$WORK/badcompose.out" || head -1 "$WORK/badcompose.out")"
    result "negative: compose rejects an unknown option" ok
  fi
}

render_overlays() {
  step "kustomize render"
  OVERLAYS=()
  local dir name
  for dir in "$ROOT"/k8s/overlays/*/; do
    name=$(basename "$dir")
    OVERLAYS+=("$name")
    if [[ -n "$KUBECTL" ]]; then
      if "$KUBECTL" kustomize "$dir" >"$WORK/$name.yaml" 2>"$WORK/$name.err"; then
        if node "$TOOLS/render-kustomize.mjs" "$dir" --compare "$WORK/$name.yaml" >"$WORK/$name.cmp" 2>&1; then
          log "ok    $name: kubectl kustomize ($(grep -c '^kind:' "$WORK/$name.yaml") objects); fallback renderer agrees"
          result "render $name" ok
        else
          log "FAIL  $name: scripts/ops-check/render-kustomize.mjs disagrees with kubectl:"; cat "$WORK/$name.cmp"
          result "render $name (fallback renderer parity)" FAIL
        fi
      else
        log "FAIL  $name: kubectl kustomize"; cat "$WORK/$name.err"; result "render $name" FAIL
      fi
    elif node "$TOOLS/render-kustomize.mjs" "$dir" >"$WORK/$name.yaml"; then
      log "ok    $name: rendered by the fallback renderer ($(grep -c '^kind:' "$WORK/$name.yaml") objects)"
      result "render $name (fallback renderer)" ok
    else
      result "render $name" FAIL
    fi
  done
}

check_schemas() {
  step "strict schemas (kubernetes-models, @kubernetes-models/keda, @kubernetes-models/prometheus-operator)"
  local args=() f
  for name in "${OVERLAYS[@]}"; do [[ -s "$WORK/$name.yaml" ]] && args+=("overlay/$name=$WORK/$name.yaml"); done
  args+=(--expect-fail)
  for f in "$CHECKS"/negative/*.yaml; do args+=("$(basename "$f" .yaml)=$f"); done
  run_check "strict schemas of rendered overlays + negative self-tests" \
    node "$TOOLS/validate-k8s.mjs" "$TOOLS/work" "${args[@]}"
}

check_rules() {
  step "warren rules"
  local args=(--dockerfile "$ROOT/Dockerfile" --dockerfile "$ROOT/producer.Dockerfile" --compose "$WORK/compose.yaml")
  for name in "${OVERLAYS[@]}"; do [[ -s "$WORK/$name.yaml" ]] && args+=(--k8s "overlay/$name=$WORK/$name.yaml"); done
  for f in "$CHECKS"/negative-rules/*.yaml; do
    case "$(basename "$f")" in
      compose-*) args+=(--expect-fail-compose "$(basename "$f" .yaml)=$f") ;;
      *) args+=(--expect-fail "$(basename "$f" .yaml)=$f") ;;
    esac
  done
  run_check "warren rules (Dockerfiles, compose, overlays) + negative self-test" node "$TOOLS/rules.mjs" "${args[@]}"
}

ensure_tools
check_dockerfiles
check_compose
render_overlays
check_schemas
check_rules

step "summary ($((SECONDS - START))s)"
printf '%s\n' "${SUMMARY[@]}"
TOTAL=${#SUMMARY[@]}
printf 'ops-check: %d passed, %d failed\n' "$((TOTAL - FAILED))" "$FAILED"
[[ $FAILED -eq 0 ]]
