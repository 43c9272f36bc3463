#!/usr/bin/env bash
# scripts/test.sh: the whole test suite, exactly as CI runs it: configure
# and build in build/, prepare the machine for rootless tests (as root),
# then meson test, which prints its summary. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f build/build.ninja ]; then
  meson setup build
fi
ninja -C build
bash scripts/test-setup.sh
meson test -C build --print-errorlogs --num-processes 2
