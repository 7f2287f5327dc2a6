# shellcheck shell=bash
# Sourced (not run): points podman at warren's private configuration.
#
#   source scripts/podman/env.sh
#
# Sets WARREN_CACHE (default <repo>/.ci/cache), WARREN_PODMAN (its podman/ subdirectory, which
# holds containers.conf, storage.conf and the cached base tarball), CONTAINERS_CONF and
# CONTAINERS_STORAGE_CONF. scripts/podman/setup.sh writes the two files; the storage itself
# (images, containers) lives in /var/lib/warren-podman, outside the repository, so that build
# contexts never walk it.
_warren_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export WARREN_CACHE="${WARREN_CACHE:-$_warren_root/.ci/cache}"
export WARREN_PODMAN="$WARREN_CACHE/podman"
export WARREN_PODMAN_STORAGE="${WARREN_PODMAN_STORAGE:-/var/lib/warren-podman}"
export CONTAINERS_CONF="$WARREN_PODMAN/containers.conf"
export CONTAINERS_STORAGE_CONF="$WARREN_PODMAN/storage.conf"
unset _warren_root
