#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/rootless_bridge_bench.sh WARREN: a regular user's bridge network,
# warren beside Podman 4.3 rootless on a user network (its rootless
# network namespace, slirp4netns and rootlessport) in the same run:
#   `run -d -p` until the server answers HTTP, with the user's network
#   namespace already up (another container on the network) as a user's
#   second container finds it; host -> container throughput through a
#   published port against the host's loopback.
# Run as root, by hand (bench/README.md): a throwaway host, and the rest as
# the unprivileged test user (scripts/test-setup.sh). Never a timed test.
set -u
W=$(realpath "${1:?usage: rootless_bridge_bench.sh WARREN}")
ROUNDS=${ROUNDS:-9}
USER_NAME=${WARREN_TEST_USER:-warren-test}
if [ "$(id -u)" = 0 ]; then
  bin=$(mktemp -d /tmp/warren-bench-bin-XXXXXX)
  for h in warren warren-monitor warren-infra warren-dns warren-agent; do cp "$(dirname "$W")/$h" "$bin/"; done
  cp "$0" "$(dirname "$0")/lib.sh" "$bin/"
  chmod -R a+rX "$bin"
  rundir=$(mktemp -d /tmp/warren-bench-run-XXXXXX)
  unshare --net --mount --propagation private bash -c "ip link set lo up
    ip link add rb0 type bridge && ip addr add 10.98.0.1/24 dev rb0 && ip link set rb0 up
    mount -t tmpfs -o mode=0700,uid=$(id -u "$USER_NAME"),gid=$(id -g "$USER_NAME") tmpfs $rundir
    runuser -u $USER_NAME -- env -i PATH=\"$PATH\" ROUNDS=$ROUNDS XDG_RUNTIME_DIR=$rundir bash $bin/rootless_bridge_bench.sh $bin/warren"
  rc=$?
  rm -rf "$bin" "$rundir"
  exit $rc
fi
. "$(dirname "$0")/lib.sh"
export HOME=$(mktemp -d /tmp/warren-bench-home-XXXXXX)
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$HOME/run}
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
tmp=$HOME
P=
if command -v podman >/dev/null && command -v runc >/dev/null && command -v slirp4netns >/dev/null; then
  mkdir -p "$HOME/.config/containers"
  podman_conf "$HOME/.config/containers/containers.conf"
  P=podman
fi
cleanup() {
  "$W" rm -a -f -t 0 >/dev/null 2>&1
  "$W" network rm -f bnet >/dev/null 2>&1
  [ -n "$P" ] && $P rm -a -f -t 0 >/dev/null 2>&1 && $P system reset -f >/dev/null 2>&1
  [ -n "${hostsrv:-}" ] && kill "$hostsrv" 2>/dev/null
  for i in 1 2 3 4 5; do rm -rf "$HOME" 2>/dev/null && break; sleep 1; done
}
trap cleanup EXIT

mkdir -p "$HOME/fs/bin" "$HOME/fs/www" "$HOME/hostwww"
cp "$(command -v busybox)" "$HOME/fs/bin/busybox"
for l in sh true httpd dd sleep; do ln -s busybox "$HOME/fs/bin/$l"; done
echo hi >"$HOME/fs/www/index.html"
tar -C "$HOME/fs" -cf "$HOME/fs.tar" .
"$W" import "$HOME/fs.tar" bench >/dev/null
"$W" network create bnet >/dev/null
"$W" run -d --name wkeep --network bnet bench sleep 3600 >/dev/null
if [ -n "$P" ]; then
  $P import "$HOME/fs.tar" bench >/dev/null 2>&1
  $P network create bnet >/dev/null 2>&1
  $P run -d --ulimit host --name pkeep --network bnet bench sleep 3600 >/dev/null 2>&1 || P=
fi

answers() {  # PORT: until the page comes (bounded: 10 s)
  local i
  for i in $(seq 2000); do
    curl -s --max-time 1 "http://127.0.0.1:$1/" >/dev/null && return 0
    sleep 0.005
  done
  return 1
}
start_to_http() {  # CLI PORT NAME [options]: ms from run -d to the first answer
  local cli=$1 port=$2 name=$3 t0 t1
  shift 3
  t0=$(now)
  $cli run -d --name "$name" "$@" --network bnet -p "$port:80" bench httpd -f -p 80 -h /www >/dev/null 2>&1
  answers "$port" || echo "no answer on $port" >&2
  t1=$(now)
  ms "$t0" "$t1"
  $cli rm -f -t 0 "$name" >/dev/null 2>&1
}
echo "run -d -p on a user network until HTTP answers (rootless), median of $ROUNDS rounds, alternating (ms)"
for i in $(seq "$ROUNDS"); do
  start_to_http "$W" 19190 wsrv >>"$tmp/warren.http"
  [ -n "$P" ] && start_to_http "$P" 19191 psrv --ulimit host >>"$tmp/podman.http"
done
printf '%-34s %10s %10s %8s\n' step warren podman ratio
report_row 34 "run -d -p until HTTP answers" http

# Host -> container through a published port: 256 MB downloads alternating
# (loopback, warren, podman); each ratio the median of the rounds' own.
download() { curl -s -o /dev/null -w '%{speed_download}\n' "$1"; }   # bytes/s
dd if=/dev/zero of="$HOME/hostwww/big" bs=1M count=256 status=none
busybox httpd -f -p 127.0.0.1:19180 -h "$HOME/hostwww" &
hostsrv=$!
big='dd if=/dev/zero of=/www/big bs=1M count=256 2>/dev/null; exec httpd -f -p 80 -h /www'
"$W" run -d --name wbig --network bnet -p 19192:80 bench sh -c "$big" >/dev/null
[ -n "$P" ] && $P run -d --ulimit host --name pbig --network bnet -p 19193:80 bench sh -c "$big" >/dev/null 2>&1
sleep 3
PAIRS=${PAIRS:-9}
for i in $(seq "$PAIRS"); do
  l=$(download http://127.0.0.1:19180/big)
  w=$(download http://127.0.0.1:19192/big)
  echo "$w" >>"$tmp/w.bytes"
  awk -v a="$w" -v b="$l" 'BEGIN { print a / b }' >>"$tmp/w.ratio"
  if [ -n "$P" ]; then
    p=$(download http://127.0.0.1:19193/big)
    echo "$p" >>"$tmp/p.bytes"
    awk -v a="$p" -v b="$l" 'BEGIN { print a / b }' >>"$tmp/p.ratio"
    awk -v a="$w" -v b="$p" 'BEGIN { print a / b }' >>"$tmp/wp.ratio"
  fi
  echo "$l" >>"$tmp/lo.bytes"
done
echo
echo "host -> container on a user network through a published port (256 MB, $PAIRS alternating rounds, medians)"
printf '%-34s %10.0f MB/s\n' "host loopback" "$(median <"$tmp/lo.bytes" | awk '{ print $1 / 1e6 }')"
printf '%-34s %10.0f MB/s (%.2f of loopback)\n' "warren" "$(median <"$tmp/w.bytes" | awk '{ print $1 / 1e6 }')" "$(median <"$tmp/w.ratio")"
if [ -n "$P" ]; then
  printf '%-34s %10.0f MB/s (%.2f of loopback)\n' "podman (rootless netns, rootlessport)" "$(median <"$tmp/p.bytes" | awk '{ print $1 / 1e6 }')" "$(median <"$tmp/p.ratio")"
  printf '%-34s %10.2f\n' "warren / podman" "$(median <"$tmp/wp.ratio")"
fi
