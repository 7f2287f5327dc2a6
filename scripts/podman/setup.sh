#!/usr/bin/env bash
# Installs rootful podman from Debian and writes warren's private podman configuration.
#
#   bash scripts/podman/setup.sh          # then: source scripts/podman/env.sh
#
# Shared by the compose test (scripts/compose-test.sh) and the Testcontainers stage. Needs root
# on Debian bookworm with apt reachable; idempotent and quick once installed. Only a failed
# package download is retried (once, after refreshing the package lists).
#
# The two settings without which nothing runs on these machines (../shared/containers.md):
#   - default_ulimits: root cannot raise rlimits here, so the container's must fit the host's;
#   - runtime = "runc": crun 1.8 refuses the host's hybrid cgroup layout.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

PACKAGES=(podman podman-compose docker-compose runc netavark aardvark-dns iptables iproute2 debootstrap
          curl python3-pika)

log() { printf 'podman-setup: %s\n' "$*" >&2; }

install_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  [[ $(id -u) -eq 0 ]] || { log "missing packages: ${missing[*]} (run as root)"; return 1; }
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  local logf="$WARREN_PODMAN/apt.log"
  # Download first (the only step retried), then install from the local archive.
  if ! { apt-get install -y -qq --no-install-recommends --download-only "${missing[@]}" >"$logf" 2>&1; }; then
    log "package download failed; refreshing the lists and retrying once"
    apt-get update -qq >>"$logf" 2>&1 || true
    apt-get install -y -qq --no-install-recommends --download-only "${missing[@]}" >>"$logf" 2>&1 \
      || { tail -20 "$logf" >&2; return 1; }
  fi
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$logf" 2>&1 || { tail -20 "$logf" >&2; return 1; }
}

write_config() {
  local ulimit_nofile ulimit_nproc
  # The container's limits must not exceed the host's hard limits (root cannot raise them).
  ulimit_nofile=$(ulimit -Hn); [[ $ulimit_nofile == unlimited || $ulimit_nofile -gt 20000 ]] && ulimit_nofile=20000
  ulimit_nproc=$(ulimit -Hu); [[ $ulimit_nproc == unlimited || $ulimit_nproc -gt 32768 ]] && ulimit_nproc=32768
  cat >"$CONTAINERS_CONF.tmp" <<CONF
# Written by scripts/podman/setup.sh: do not edit, rerun it.
[containers]
default_ulimits = ["nofile=$ulimit_nofile:$ulimit_nofile", "nproc=$ulimit_nproc:$ulimit_nproc"]
log_driver = "k8s-file"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"

[network]
network_backend = "netavark"
CONF
  mv "$CONTAINERS_CONF.tmp" "$CONTAINERS_CONF"
  cat >"$CONTAINERS_STORAGE_CONF.tmp" <<CONF
# Written by scripts/podman/setup.sh: do not edit, rerun it.
[storage]
driver = "overlay"
graphroot = "$WARREN_PODMAN_STORAGE/storage"
runroot = "/run/warren-podman"
CONF
  mv "$CONTAINERS_STORAGE_CONF.tmp" "$CONTAINERS_STORAGE_CONF"
}

mkdir -p "$WARREN_PODMAN" "$WARREN_PODMAN_STORAGE"
install_packages
write_config
podman info --format '{{.Host.OCIRuntime.Name}} {{.Store.GraphDriverName}} {{.Host.NetworkBackend}}' >/dev/null \
  || { log "podman does not work with $CONTAINERS_CONF"; exit 1; }
log "podman $(podman version --format '{{.Client.Version}}') ready (runtime runc, storage $WARREN_PODMAN_STORAGE)"
