#!/usr/bin/env bash
# scripts/demo.sh: the main job. Builds warren and shows what it can do on
# this machine. It grows with every issue into the sessions of
# shared/SCENARIOS.md. Today: the version, the host as warren sees it, and
# the root scenarios (networks, a published port fetched with curl, two
# containers talking by IP), with an image built here from busybox. The
# container part runs in a throwaway host (scripts/demo-scenarios.sh), so
# the machine's own interfaces and nftables are never touched.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f build/build.ninja ]; then
  meson setup build
fi
ninja -C build
W=build/cli/warren

step() { printf '\n$ %s\n' "$*"; "$@"; }
step "$W" version
step "$W" info

if [ "$(id -u)" -ne 0 ]; then
  echo "(the container part of the demo needs root until rootless containers land)"
  exit 0
fi
exec unshare --net --mount --propagation private bash scripts/demo-scenarios.sh
