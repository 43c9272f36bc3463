#!/usr/bin/env bash
# scripts/test-sanitized.sh: the whole test suite a second time, built with
# clang under AddressSanitizer and UndefinedBehaviorSanitizer (any report
# is fatal) and libstdc++'s assertions, in build-san/, plus 30 seconds of
# each libFuzzer target (suite `fuzz`, tests/fuzz/). The programs report
# to /dev/shm/warren-asan.PID and /dev/shm/warren-ubsan.PID (base/error.cc):
# any report there fails the run, printed. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f build-san/build.ninja ]; then
  # -O0: the build is most of this run's time; the tests wait on the kernel.
  # Every UBSan check but pointer-overflow: Debian's RapidJSON 1.1 adds an
  # offset to its stack's null pointer on every parse (fixed upstream after
  # 1.1), which would fail everything that reads JSON.
  CC=clang CXX=clang++ meson setup build-san -Db_sanitize=address,undefined -Db_lundef=false -Doptimization=0 \
    -Dcpp_args='-D_GLIBCXX_ASSERTIONS -fno-sanitize-recover=undefined -fno-sanitize=pointer-overflow -fsanitize=fuzzer-no-link' \
    -Dfuzz=true -Dman=disabled
fi
ninja -C build-san
bash scripts/test-setup.sh
rm -f /dev/shm/warren-asan.* /dev/shm/warren-ubsan.*
# A container run with --ipc host has the host's /dev/shm, so its first
# processes (PIDs 1, 2, ... of its namespace) log here, as root and as the
# test user alike: those few names are made beforehand, writable by both
# (root owns /dev/shm, so fs.protected_regular lets the user open them).
for pid in 1 2 3 4 5 6 7 8 9; do
  for f in /dev/shm/warren-asan.$pid /dev/shm/warren-ubsan.$pid; do
    : >"$f"
    chmod 666 "$f"
  done
done
rc=0
# The tests' memory bounds allow for ASan's own (tests/integration/lib.sh).
WARREN_SANITIZED_RUN=1 meson test -C build-san --print-errorlogs --num-processes 2 || rc=$?
shopt -s nullglob
for f in /dev/shm/warren-asan.* /dev/shm/warren-ubsan.*; do
  # A report says ERROR or "runtime error"; ASan's note that a cloned child
  # runs on a stack of its own ("ignoring requested __asan_handle_no_return")
  # is none.
  [ -s "$f" ] || { rm -f "$f"; continue; }  # one made beforehand, unused
  grep -q -e 'ERROR' -e 'runtime error' "$f" || continue
  echo "== sanitizer report $f:"
  cat "$f"
  rc=1
done
exit "$rc"
