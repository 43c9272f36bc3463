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

now() { date +%s%N; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", (b - a) / 1e6 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

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
