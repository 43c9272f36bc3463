#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/containers_bench.sh WARREN [N]: container lifecycle times, warren
# beside Podman 4.3 (when installed) in the same run, and N detached
# containers (default 500) for per-start flatness, monitor memory and ps.
# PEER=/path/to/another/warren compares with that build instead of Podman
# (a regression check across a change).
# Run as root, by hand (bench/README.md); never a timed test. Both keep
# their state in a temporary directory; nothing of the machine's is used.
set -u
W=${1:?usage: containers_bench.sh WARREN [N]}
N=${2:-500}
ROUNDS=${ROUNDS:-15}
if [ -z "${WARREN_IN_THROWAWAY:-}" ]; then
  WARREN_IN_THROWAWAY=1 exec unshare --net --mount --propagation private bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
ip link set lo up
tmp=$(mktemp -d /tmp/warren-bench-XXXXXX)
# Run roots on a tmpfs, as /run is where both keep them by default.
mkdir -p "$tmp/w/run" "$tmp/p/run"
mount -t tmpfs bench-run "$tmp/w/run"
mount -t tmpfs bench-run "$tmp/p/run"
R="$W --root $tmp/w/root --runroot $tmp/w/run"
P=
peer=podman
if [ -n "${PEER:-}" ]; then
  P="$PEER --root $tmp/p/root --runroot $tmp/p/run"
  peer=peer
elif command -v podman >/dev/null && command -v runc >/dev/null; then
  # Debian's containers.conf with what these machines need to run Podman.
  podman_conf "$tmp/containers.conf"
  export CONTAINERS_CONF=$tmp/containers.conf
  P="podman --root $tmp/p/root --runroot $tmp/p/run --tmpdir $tmp/p/tmp"
fi
cleanup() {
  $R rm -a -f -t 0 >/dev/null 2>&1
  [ -n "$P" ] && $P rm -a -f -t 0 >/dev/null 2>&1
  [ -n "$P" ] && [ "$peer" = podman ] && $P system reset -f >/dev/null 2>&1
  umount "$tmp/w/run" "$tmp/p/run" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

bench_image_tar
$R import "$tmp/fs.tar" bench >/dev/null
[ -n "$P" ] && $P import "$tmp/fs.tar" bench >/dev/null 2>&1


# One round of each step for TOOL ("warren" or "podman"); appends times (ms) to files.
round() {
  local tool=$1 cli=$R ul= t0 t1 id
  # Podman needs --ulimit host on these machines (../shared: env).
  [ "$tool" = podman ] && cli=$P
  [ "$tool" = podman ] && [ "$peer" = podman ] && ul="--ulimit host"
  t0=${EPOCHREALTIME/./}000; $cli run --rm $ul --network none bench true >/dev/null; t1=${EPOCHREALTIME/./}000
  ms "$t0" "$t1" >>"$tmp/$tool.run-rm"
  t0=${EPOCHREALTIME/./}000; id=$($cli run -d $ul --network none bench sleep 600); t1=${EPOCHREALTIME/./}000
  ms "$t0" "$t1" >>"$tmp/$tool.run-d"
  t0=${EPOCHREALTIME/./}000; $cli stop -t 0 "$id" >/dev/null; t1=${EPOCHREALTIME/./}000
  ms "$t0" "$t1" >>"$tmp/$tool.stop"
  t0=${EPOCHREALTIME/./}000; $cli rm "$id" >/dev/null; t1=${EPOCHREALTIME/./}000
  ms "$t0" "$t1" >>"$tmp/$tool.rm"
}

echo "lifecycle, median of $ROUNDS rounds, alternating (ms)"
for i in $(seq "$ROUNDS"); do
  round warren
  [ -n "$P" ] && round podman
done
printf '%-26s %10s %10s %8s\n' step warren "$peer" ratio
for step in run-rm run-d stop rm; do
  case $step in
    run-rm) label="run --rm IMAGE true" ;; run-d) label="run -d (process running)" ;;
    stop) label="stop -t 0" ;; rm) label="rm" ;;
  esac
  report_row 26 "$label" "$step"
done

echo
echo "$N detached containers (warren)"
: >"$tmp/starts"
for i in $(seq "$N"); do
  t0=${EPOCHREALTIME/./}000; $R run -d --network none bench sleep 3600 >/dev/null; t1=${EPOCHREALTIME/./}000
  ms "$t0" "$t1" >>"$tmp/starts"
done
first=$(head -50 "$tmp/starts" | median)
last=$(tail -50 "$tmp/starts" | median)
echo "per start, median of the first 50: $first ms, of the last 50: $last ms, flatness $(awk -v a="$last" -v b="$first" 'BEGIN { printf "%.2f", a / b }')"
pss=0
count=0
for f in "$tmp"/w/run/containers/*/state.json; do
  mon=$(sed -n 's/.*"monitor":\([0-9]*\).*/\1/p' "$f")
  kb=$(awk '/^Pss:/ { print $2 }' "/proc/$mon/smaps_rollup" 2>/dev/null)
  [ -n "$kb" ] && pss=$((pss + kb)) && count=$((count + 1))
done
echo "monitor PSS: $(awk -v s="$pss" -v c="$count" 'BEGIN { printf "%.3f", s / c / 1024 }') MB per container ($count monitors)"
: >"$tmp/ps"
for i in $(seq 5); do
  t0=${EPOCHREALTIME/./}000; $R ps >/dev/null; t1=${EPOCHREALTIME/./}000
  ms "$t0" "$t1" >>"$tmp/ps"
done
echo "ps with $N running: $(median <"$tmp/ps") ms (median of 5)"
t0=${EPOCHREALTIME/./}000; $R rm -a -f -t 0 >/dev/null; t1=${EPOCHREALTIME/./}000
echo "rm -a -f of $N: $(ms "$t0" "$t1") ms"
