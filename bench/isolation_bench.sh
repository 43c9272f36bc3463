#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/isolation_bench.sh WARREN: what seccomp and the cgroup add to
# `run --rm --network none IMAGE true` (issue 22's bound: 2 ms), measured
# in one run, alternating: the defaults (containers-common's profile
# compiled and installed, a cgroup per container with the 2048 pids
# limit and the device allow-list) against the same binary with both off
# (--security-opt seccomp=unconfined --cgroups disabled); and, to see the
# parts, each off alone; and the defaults in a user namespace of the
# container's own (--uidmap: its maps, the idmapped image, detached trees). Run as root, by hand (bench/README.md); never a
# timed test.
set -u
W=${1:?usage: isolation_bench.sh WARREN}
ROUNDS=${ROUNDS:-21}
if [ -z "${WARREN_IN_THROWAWAY:-}" ]; then
  WARREN_IN_THROWAWAY=1 exec unshare --net --mount --propagation private bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
ip link set lo up
tmp=$(mktemp -d /tmp/warren-bench-XXXXXX)
mkdir -p "$tmp/run"
mount -t tmpfs bench-run "$tmp/run"
export CONTAINERS_CONF=$tmp/containers.conf
: >"$CONTAINERS_CONF"
R="$W --root $tmp/root --runroot $tmp/run"
trap '$R rm -a -f -t 0 >/dev/null 2>&1; umount "$tmp/run"; rm -rf "$tmp"' EXIT
bench_image_tar
$R import "$tmp/fs.tar" bench >/dev/null

variants=(${VARIANTS:-defaults no-seccomp no-cgroup neither uidmap})
flags() {
  case $1 in
    defaults) echo "" ;;
    no-seccomp) echo "--security-opt seccomp=unconfined" ;;
    no-cgroup) echo "--cgroups disabled" ;;
    neither) echo "--security-opt seccomp=unconfined --cgroups disabled" ;;
    uidmap) echo "--uidmap 0:100000:65536" ;;
  esac
}
for v in "${variants[@]}"; do $R run --rm --network none $(flags "$v") bench true >/dev/null; done  # warm
# Each variant twice in a row, the second timed: the kernel makes the
# first cgroup after runs without one slower (~8 ms on this VM's cgroup
# v1), which no machine whose containers all have one sees.
for i in $(seq "$ROUNDS"); do
  for v in "${variants[@]}"; do
    $R run --rm --network none $(flags "$v") bench true >/dev/null
    timed "$tmp/$v" $R run --rm --network none $(flags "$v") bench true
  done
done
echo "run --rm --network none IMAGE true, median of $ROUNDS rounds, alternating (ms)"
base=$(median <"$tmp/neither")
for v in "${variants[@]}"; do
  m=$(median <"$tmp/$v")
  printf '%-12s %8s  %+.2f\n' "$v" "$m" "$(awk -v a="$m" -v b="$base" 'BEGIN { print a - b }')"
done
