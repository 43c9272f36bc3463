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

# bench_image_tar (tmp set): $tmp/fs.tar, a root file system shaped as
# real images are (the mount points and the files a runtime binds over are
# there), with busybox as sh, true and sleep.
bench_image_tar() {
  mkdir -p "$tmp/fs/bin" "$tmp/fs/etc" "$tmp/fs/proc" "$tmp/fs/sys" "$tmp/fs/dev" "$tmp/fs/tmp"
  touch "$tmp/fs/etc/hosts" "$tmp/fs/etc/hostname" "$tmp/fs/etc/resolv.conf"
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$tmp/fs/etc/passwd"
  cp "$(command -v busybox)" "$tmp/fs/bin/busybox"
  for l in sh true sleep; do ln -s busybox "$tmp/fs/bin/$l"; done
  tar -C "$tmp/fs" -cf "$tmp/fs.tar" .
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

# rootless_bench_start SCRIPT WARREN: as root, runs SCRIPT again as the
# unprivileged test user (scripts/test-setup.sh) in a throwaway host (own
# network and mount namespaces, 10.98.0.1 on a bridge, the user's runtime
# dir on a tmpfs as systemd makes /run/user/UID) with copies of warren and
# its helpers, and exits with its status. As the user: HOME (a new temp
# dir, also tmp), XDG_RUNTIME_DIR, and P (podman with the conf above;
# empty when Podman, runc or slirp4netns is missing).
rootless_bench_start() {
  local script=$1 w=$2 user=${WARREN_TEST_USER:-warren-test}
  if [ "$(id -u)" = 0 ]; then
    local bin rundir rc h
    bin=$(mktemp -d /tmp/warren-bench-bin-XXXXXX)
    for h in warren warren-monitor warren-infra warren-dns warren-agent; do cp "$(dirname "$w")/$h" "$bin/"; done
    cp "$script" "$(dirname "$script")/lib.sh" "$bin/"
    chmod -R a+rX "$bin"
    rundir=$(mktemp -d /tmp/warren-bench-run-XXXXXX)
    unshare --net --mount --propagation private bash -c "ip link set lo up
      ip link add rb0 type bridge && ip addr add 10.98.0.1/24 dev rb0 && ip link set rb0 up
      mount -t tmpfs -o mode=0700,uid=$(id -u "$user"),gid=$(id -g "$user") tmpfs $rundir
      runuser -u $user -- env -i PATH=\"$PATH\" ROUNDS=${ROUNDS:-} PAIRS=${PAIRS:-} XDG_RUNTIME_DIR=$rundir bash $bin/$(basename "$script") $bin/warren"
    rc=$?
    rm -rf "$bin" "$rundir"
    exit $rc
  fi
  export HOME
  HOME=$(mktemp -d /tmp/warren-bench-home-XXXXXX)
  export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$HOME/run}
  mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  tmp=$HOME
  P=
  if command -v podman >/dev/null && command -v runc >/dev/null && command -v slirp4netns >/dev/null; then
    mkdir -p "$HOME/.config/containers"
    podman_conf "$HOME/.config/containers/containers.conf"
    P=podman
  fi
}

# alternate_downloads LOOPBACK_URL WARREN_URL [PODMAN_URL]: $PAIRS (9)
# rounds of three downloads (the same file from the host's loopback,
# through warren, through Podman), into $tmp/lo.bytes, w.bytes, p.bytes
# (bytes/s) and the rounds' own ratios w.ratio, p.ratio (to loopback) and
# wp.ratio (warren / Podman): a VM's speed drifts over a run, and one
# round sees the same drift on every path.
download() { curl -s -o /dev/null -w '%{speed_download}\n' "$1"; }   # bytes/s
alternate_downloads() {
  local i l w p
  for i in $(seq "${PAIRS:-9}"); do
    l=$(download "$1")
    w=$(download "$2")
    echo "$l" >>"$tmp/lo.bytes"
    echo "$w" >>"$tmp/w.bytes"
    awk -v a="$w" -v b="$l" 'BEGIN { print a / b }' >>"$tmp/w.ratio"
    [ -n "${3:-}" ] || continue
    p=$(download "$3")
    echo "$p" >>"$tmp/p.bytes"
    awk -v a="$p" -v b="$l" 'BEGIN { print a / b }' >>"$tmp/p.ratio"
    awk -v a="$w" -v b="$p" 'BEGIN { print a / b }' >>"$tmp/wp.ratio"
  done
}

# rootless_bench_cleanup (as the user, W set): every container of both,
# Podman's state, the host's server ($hostsrv), and HOME.
rootless_bench_cleanup() {
  local i
  "$W" rm -a -f -t 0 >/dev/null 2>&1
  [ -n "$P" ] && $P rm -a -f -t 0 >/dev/null 2>&1 && $P system reset -f >/dev/null 2>&1
  [ -n "${hostsrv:-}" ] && kill "$hostsrv" 2>/dev/null
  # Podman's cleanup processes may still be writing under it for a moment.
  for i in 1 2 3 4 5; do rm -rf "$HOME" 2>/dev/null && break; sleep 1; done
}
