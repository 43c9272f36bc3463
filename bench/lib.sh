# SPDX-License-Identifier: GPL-2.0-or-later
# bench/lib.sh: what the side-by-side benchmarks share: a containers.conf
# Podman runs with on these machines, timing, medians, and report rows.

# podman_conf FILE: Debian's containers.conf with what these machines need
# (runc, cgroupfs, no default ulimits) and the CNI backend.
podman_conf() {
  python3 - "$1" <<'PY'
import sys
s = open('/usr/share/containers/containers.conf').read()
s = s.replace('[containers]\n', '[containers]\ndefault_ulimits=[]\n', 1)
s = s.replace('[network]\n', '[network]\nnetwork_backend = "cni"\n', 1)
s = s.replace('[engine]\n', '[engine]\nruntime="runc"\ncgroup_manager="cgroupfs"\nevents_logger="file"\n', 1)
open(sys.argv[1], 'w').write(s)
PY
}

# Times in nanoseconds, from bash's own clock: ${EPOCHREALTIME/./}000
# inline (no process, no subshell, so no fork in what is measured).
now() { echo "${EPOCHREALTIME/./}000"; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", (b - a) / 1e6 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

timed() {  # FILE COMMAND...: appends the time of COMMAND (ms)
  local f=$1 t0 t1
  shift
  t0=${EPOCHREALTIME/./}000; "$@" >/dev/null 2>&1; t1=${EPOCHREALTIME/./}000
  ms "$t0" "$t1" >>"$f"
}

# report_row WIDTH LABEL STEP: medians of $tmp/warren.STEP and, with a peer
# ($P set), $tmp/podman.STEP, and their ratio.
report_row() {
  local w p=- r=-
  w=$(median <"$tmp/warren.$3")
  if [ -n "$P" ]; then
    p=$(median <"$tmp/podman.$3")
    r=$(awk -v a="$w" -v b="$p" 'BEGIN { printf "%.3f", a / b }')
  fi
  printf "%-${1}s %10s %10s %8s\n" "$2" "$w" "$p" "$r"
}

# throwaway_bench_state (in a throwaway host, W set): tmp, R (warren) and
# P (Podman, empty when not installed) with all their state there, tmpfs
# over /var/lib and /run, CONTAINERS_CONF, lo up, and at exit every pod
# and container of both removed and the state with them.
throwaway_bench_state() {
  tmp=$(mktemp -d /tmp/warren-bench-XXXXXX)
  mount -t tmpfs bench-varlib /var/lib
  mount -t tmpfs bench-run /run
  ip link set lo up
  mkdir -p "$tmp/w/run" "$tmp/p/run"
  R="$W --root $tmp/w/root --runroot $tmp/w/run --network-config-dir $tmp/w/net"
  export CONTAINERS_CONF=$tmp/containers.conf
  P=
  if command -v podman >/dev/null && command -v runc >/dev/null; then
    podman_conf "$CONTAINERS_CONF"
    P="podman --root $tmp/p/root --runroot $tmp/p/run --tmpdir $tmp/p/tmp --network-config-dir $tmp/p/net"
  else
    : >"$CONTAINERS_CONF"
  fi
  trap throwaway_bench_cleanup EXIT
}
throwaway_bench_cleanup() {
  $R pod rm -a -f -t 0 >/dev/null 2>&1
  $R rm -a -f -t 0 >/dev/null 2>&1
  if [ -n "$P" ]; then
    $P pod rm -a -f -t 0 >/dev/null 2>&1
    $P rm -a -f -t 0 >/dev/null 2>&1
  fi
  umount "$tmp/w/run/netns" 2>/dev/null
  rm -rf "$tmp" 2>/dev/null
}
