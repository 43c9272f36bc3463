#!/usr/bin/env bash
# scripts/demo.sh: the main job. Builds warren and shows what it can do on
# this machine. It grows with every issue into the sessions of
# shared/SCENARIOS.md. Today: the version, the host as warren sees it, and
# "reach a container from the host through a published port" with warren's
# CNI plugins: a network namespace running busybox httpd is attached to a
# bridge, port 8080 is published, and curl fetches the page on localhost.
# The networking part runs in a throwaway network namespace that plays the
# host, so the machine's own interfaces and nftables are never touched.
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
  echo "(the published-port part of the demo needs root)"
  exit 0
fi
exec unshare --net --mount --propagation private bash scripts/demo-network.sh
