#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/readonly_bench.sh WARREN [N]: the read-only commands scripts run
# (ps, ps -a, inspect -f, port -a, network ls, images, pod ps, volume ls)
# with N containers present (default 100: 10 running with a published
# port on the default network, the rest created), warren beside Podman
# 4.3 in the same run, alternating. Each figure is the median wall time
# less the median time of spawning /bin/true (the process cost every
# command pays), as issue 24 states its targets.
# Run as root, by hand (bench/README.md); never a timed test.
set -u
W=${1:?usage: readonly_bench.sh WARREN [N]}
N=${2:-100}
ROUNDS=${ROUNDS:-15}
if [ -z "${WARREN_IN_THROWAWAY:-}" ]; then
  WARREN_IN_THROWAWAY=1 exec unshare --net --mount --propagation private bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
throwaway_bench_state

bench_image_tar

# The same population for each: N containers, the first 10 running with a
# port each, a pod, a volume.
populate() {
  local cli=$1 ul=$2 ports=$3 i
  $cli import "$tmp/fs.tar" bench >/dev/null 2>&1
  $cli volume create vol1 >/dev/null
  $cli pod create --name pod1 >/dev/null
  for i in $(seq "$N"); do
    if [ "$i" -le 10 ]; then
      $cli run -d $ul --name "c$i" -p "$((ports + i)):80" bench sleep 3600 >/dev/null
    else
      $cli create $ul --name "c$i" --network none bench true >/dev/null
    fi
  done
}
populate "$R" "" 18000
[ -n "$P" ] && populate "$P" "--ulimit host" 18100
echo "$N containers each ($($R ps -aq | wc -l) warren, $([ -n "$P" ] && $P ps -aq | wc -l) podman)"

steps=("ps" "ps -a" "inspect -f {{.State.Status}} c50" "port -a" "network ls" "images" "pod ps" "volume ls")
: >"$tmp/true"
for i in $(seq "$ROUNDS"); do
  timed "$tmp/true" /bin/true
  for s in "${!steps[@]}"; do
    # shellcheck disable=SC2086
    timed "$tmp/warren.$s" $R ${steps[$s]}
    # shellcheck disable=SC2086
    [ -n "$P" ] && timed "$tmp/podman.$s" $P ${steps[$s]}
  done
done
spawn=$(median <"$tmp/true")
echo "spawning /bin/true: $spawn ms (median of $ROUNDS), taken off each figure below"
echo
# Each file less the spawn, so that report_row's medians are net.
for f in "$tmp"/warren.* "$tmp"/podman.*; do
  [ -f "$f" ] || continue
  awk -v s="$spawn" '{ v = $1 - s; printf "%.2f\n", v < 0 ? 0 : v }' "$f" >"$f.net" && mv "$f.net" "$f"
done
printf '%-36s %10s %10s %8s\n' "step (ms, less a spawn)" warren podman ratio
for s in "${!steps[@]}"; do report_row 36 "${steps[$s]}" "$s"; done
