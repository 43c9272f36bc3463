#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/all.sh WARREN [LOGDIR]: every benchmark, in a fixed order, and one
# summary table of the ratios against the peer each measured in the same
# run (warren / Podman 4.3, or / the CNI reference plugins): where warren
# stands, in one run. Each benchmark's whole output is kept in LOGDIR
# (default: a new /tmp/warren-bench-all-XXXXXX), and named in the table.
# As root, by hand (bench/README.md); ROUNDS and PAIRS pass through to the
# benchmarks that take them. Never a timed test.
set -u
W=$(realpath "${1:?usage: all.sh WARREN [LOGDIR]}")
here=$(cd "$(dirname "$0")" && pwd)
logs=${2:-$(mktemp -d /tmp/warren-bench-all-XXXXXX)}
mkdir -p "$logs"
portmap=$(dirname "$(dirname "$W")")/bench/portmap_bench

# name: command (in this order: the lifecycle first, then networks,
# pods, the read-only commands, DNS, rootless, isolation, pulls, and the
# CNI plugins).
order=(containers networks pods readonly dns rootless rootless_bridge isolation pull portmap)
run_one() {
  case "$1" in
    portmap) if [ -x "$portmap" ]; then "$portmap" --quick; else echo "no $portmap: build it (ninja -C build)"; fi ;;
    *) bash "$here/$1_bench.sh" "$W" ;;
  esac
}

for b in "${order[@]}"; do
  printf '%-16s ' "$b" >&2
  t0=$SECONDS
  run_one "$b" >"$logs/$b.log" 2>&1
  printf 'exit %s, %ss\n' "$?" "$((SECONDS - t0))" >&2
done

# The rows: a table under a header naming warren, podman and ratio (each
# row a label and then warren's figure, the peer's and their ratio);
# "warren / podman R" lines; portmap's "ref/warren" column, turned round.
summarize() {  # BENCH LOG
  awk -v bench="$1" '
    function row(label, w, p, r) { printf "%-16s %-42s %10s %10s %8s\n", bench, label, w, p, r }
    # The figures are the last columns (pull_bench adds a "pair ratio").
    /warren +podman +ratio/ { table = /pair ratio/ ? 4 : 3; next }
    table && NF == 0 { table = 0; next }
    table && NF > table {
      label = $1
      for (i = 2; i <= NF - table; i++) label = label " " $i
      row(label, $(NF - table + 1), $(NF - table + 2), $(NF - table + 3))
      next
    }
    /^warren \/ podman/ { row("throughput through a published port", "-", "-", $NF); next }
    /^ *[0-9]+ \|.*\| *[0-9.]+x$/ {
      r = $NF; sub(/x$/, "", r)
      row("ADD of one attachment, N = " $1 " (vs reference)", "-", "-", sprintf("%.3f", 1 / r))
    }
  ' "$2"
}

echo
printf '%-16s %-42s %10s %10s %8s\n' bench step warren peer ratio
for b in "${order[@]}"; do summarize "$b" "$logs/$b.log"; done
echo
echo "ratios: warren / peer (lower is better for times, higher for throughput); logs in $logs"
