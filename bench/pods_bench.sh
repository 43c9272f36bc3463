#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/pods_bench.sh WARREN: pod times, warren beside Podman 4.3 (CNI
# backend, when installed) in the same run, and the memory of a pod's
# infra (its process and its monitor). Run as root, by hand
# (bench/README.md); never a timed test. In a throwaway host, as
# networks_bench.sh.
set -u
W=${1:?usage: pods_bench.sh WARREN}
ROUNDS=${ROUNDS:-11}
if [ -z "${WARREN_IN_THROWAWAY:-}" ]; then
  WARREN_IN_THROWAWAY=1 exec unshare --net --mount --propagation private bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
W=$(realpath "$W")
throwaway_bench_state

mkdir -p "$tmp/fs/bin" "$tmp/fs/etc" "$tmp/fs/proc" "$tmp/fs/sys" "$tmp/fs/dev"
touch "$tmp/fs/etc/hosts" "$tmp/fs/etc/hostname" "$tmp/fs/etc/resolv.conf"
cp "$(command -v busybox)" "$tmp/fs/bin/busybox"
for l in sh true sleep; do ln -s busybox "$tmp/fs/bin/$l"; done
tar -C "$tmp/fs" -cf "$tmp/fs.tar" .
$R import "$tmp/fs.tar" bench >/dev/null
if [ -n "$P" ]; then
  $P import "$tmp/fs.tar" bench >/dev/null 2>&1
  # Podman builds its pause image on the first pod: not part of a round.
  $P pod create --name warmup >/dev/null 2>&1 && $P pod rm -f warmup >/dev/null 2>&1
fi

round() {
  local tool=$1 cli=$R ul=
  [ "$tool" = podman ] && cli=$P && ul="--ulimit host"
  timed "$tmp/$tool.new" $cli run -d $ul --pod new:benchpod bench sleep 600
  timed "$tmp/$tool.join" $cli run -d $ul --pod benchpod bench sleep 600
  $cli pod rm -f -t 0 benchpod >/dev/null 2>&1
}

echo "pods on the default network, median of $ROUNDS rounds, alternating (ms)"
for i in $(seq "$ROUNDS"); do
  round warren
  [ -n "$P" ] && round podman
done
printf '%-34s %10s %10s %8s\n' step warren podman ratio
report_row 34 "run -d --pod new:NAME" new
report_row 34 "run -d --pod NAME (a second member)" join

# Memory with a few pods up, as a machine has them: the pages of the
# programs are shared between them, as they would be.
pss() { awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup"; }
infra_kb=0 mon_kb=0
for i in $(seq 10); do
  $R pod create --name "mem$i" >/dev/null && $R pod start "mem$i" >/dev/null
done
for i in $(seq 10); do
  infra=$($R pod inspect -f '{{.InfraContainerID}}' "mem$i")
  pid=$($R inspect -f '{{.State.Pid}}' "$infra")
  mon=$(sed -n 's/.*"monitor":\([0-9]*\).*/\1/p' "$tmp/w/run/containers/$infra/state.json")
  infra_kb=$((infra_kb + $(pss "$pid"))) mon_kb=$((mon_kb + $(pss "$mon")))
done
echo
echo "10 pods on the default network, PSS per pod: infra process $((infra_kb / 10)) kB, its monitor $((mon_kb / 10)) kB"
