#!/usr/bin/env bash
# scripts/test.sh: the whole test suite, exactly as CI runs it: configure
# and build in build/, prepare the machine for rootless tests (as root),
# then meson test, which prints its summary; then the same suite again
# built under ASan and UBSan, with 30 s of each fuzz target
# (scripts/test-sanitized.sh; WARREN_SANITIZED=0 skips it). Exits non-zero
# on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f build/build.ninja ]; then
  meson setup build
fi
ninja -C build
bash scripts/test-setup.sh
rc=0
meson test -C build --print-errorlogs --num-processes 2 || rc=$?
if [ "${WARREN_SANITIZED:-1}" != 0 ]; then
  bash scripts/test-sanitized.sh || rc=$?
fi
exit "$rc"
