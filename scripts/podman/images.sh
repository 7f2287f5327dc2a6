#!/usr/bin/env bash
# Builds warren's local base images for podman, where no container registry is reachable:
#
#   localhost/warren/debian:bookworm   debootstrap --variant=minbase, imported from a tarball that
#                                      is cached as $WARREN_PODMAN/debian-bookworm-minbase.tar
#   localhost/warren/jre:17            + openjdk-17-jre-headless   (jre.Containerfile)
#   localhost/warren/rabbitmq:3.10     + rabbitmq-server 3.10      (rabbitmq.Containerfile)
#
#   bash scripts/podman/setup.sh && bash scripts/podman/images.sh
#
# Idempotent: an image is rebuilt only when missing or when its recipe (this script's
# Containerfile) changed; the recipe's hash is kept in the image label warren.recipe.
# WARREN_IMAGES_REBUILD=1 rebuilds everything except the cached tarball. Only package downloads
# (debootstrap, apt-get inside the builds) are retried, once.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/env.sh"

DEBIAN_IMAGE=localhost/warren/debian:bookworm
JRE_IMAGE=localhost/warren/jre:17
RABBITMQ_IMAGE=localhost/warren/rabbitmq:3.10
MIRROR="${WARREN_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
TARBALL="$WARREN_PODMAN/debian-bookworm-minbase.tar"

log() { printf 'podman-images: %s\n' "$*" >&2; }

recipe_of() { # recipe_of IMAGE -> the label warren.recipe, or nothing
  podman image inspect --format '{{index .Labels "warren.recipe"}}' "$1" 2>/dev/null || true
}

debian_base() {
  local want="debootstrap-minbase-bookworm"
  if [[ "${WARREN_IMAGES_REBUILD:-}" != 1 ]] && podman image exists "$DEBIAN_IMAGE" \
     && [[ "$(recipe_of "$DEBIAN_IMAGE")" == "$want" ]]; then
    log "$DEBIAN_IMAGE present"; return 0
  fi
  if [[ ! -s "$TARBALL" ]]; then
    local root; root=$(mktemp -d "${TMPDIR:-/tmp}/warren-rootfs.XXXXXX")
    log "debootstrap --variant=minbase bookworm ($MIRROR)"
    local t=$SECONDS try
    for try in 1 2; do
      if debootstrap --variant=minbase bookworm "$root/rootfs" "$MIRROR" >"$WARREN_PODMAN/debootstrap.log" 2>&1; then
        break
      fi
      [[ $try == 2 ]] && { tail -20 "$WARREN_PODMAN/debootstrap.log" >&2; rm -rf "$root"; return 1; }
      log "debootstrap failed (download?); retrying once"; rm -rf "$root/rootfs"
    done
    rm -rf "$root/rootfs/var/cache/apt/archives/"*.deb "$root/rootfs/var/lib/apt/lists/"* "$root/rootfs/tmp/"*
    tar --numeric-owner -C "$root/rootfs" -cf "$TARBALL.tmp" . && mv "$TARBALL.tmp" "$TARBALL"
    rm -rf "$root"
    log "debootstrap done in $((SECONDS - t))s; cached $(du -h "$TARBALL" | cut -f1) at $TARBALL"
  fi
  podman import -q --change "LABEL warren.recipe=$want" --change 'CMD ["/bin/bash"]' \
    "$TARBALL" "$DEBIAN_IMAGE" >/dev/null
  log "imported $DEBIAN_IMAGE from $TARBALL"
}

derived() { # derived IMAGE CONTAINERFILE
  local image=$1 file=$2 want
  want=$( { cat "$file"; podman image inspect --format '{{.Id}}' "$DEBIAN_IMAGE"; } | sha256sum | cut -c1-16)
  if [[ "${WARREN_IMAGES_REBUILD:-}" != 1 ]] && podman image exists "$image" \
     && [[ "$(recipe_of "$image")" == "$want" ]]; then
    log "$image present"; return 0
  fi
  local t=$SECONDS try logf
  logf="$WARREN_PODMAN/build-$(basename "$file" .Containerfile).log"
  log "building $image"
  for try in 1 2; do
    # Host network for the build only: apt-get inside reaches the Debian mirror like the host does.
    if podman build --network=host --pull=never --label "warren.recipe=$want" -t "$image" \
         -f "$file" "$HERE" >"$logf" 2>&1; then
      log "built $image in $((SECONDS - t))s"; return 0
    fi
    if [[ $try == 1 ]] && grep -qE 'Failed to fetch|Temporary failure resolving|Could not connect|Unable to fetch|Hash Sum mismatch' "$logf"; then
      log "package download failed while building $image; retrying once"; continue
    fi
    tail -30 "$logf" >&2; return 1
  done
}

debian_base
derived "$JRE_IMAGE" "$HERE/jre.Containerfile"
derived "$RABBITMQ_IMAGE" "$HERE/rabbitmq.Containerfile"
