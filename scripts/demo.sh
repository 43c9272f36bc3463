#!/usr/bin/env bash
# scripts/demo.sh: the main job. Builds warren and shows what it can do on
# this machine. It grows with every issue into the sessions of
# shared/SCENARIOS.md; today: the version and the host as warren sees it.
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
