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
. "$(dirname "$0")/lib.sh"
rootless_bench_start "$0" "$W"
trap rootless_bench_cleanup EXIT

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
dd if=/dev/zero of="$HOME/hostwww/big" bs=1M count=256 status=none
busybox httpd -f -p 127.0.0.1:19180 -h "$HOME/hostwww" &
hostsrv=$!
big='dd if=/dev/zero of=/www/big bs=1M count=256 2>/dev/null; exec httpd -f -p 80 -h /www'
"$W" run -d --name wbig --network bnet -p 19192:80 bench sh -c "$big" >/dev/null
[ -n "$P" ] && $P run -d --ulimit host --name pbig --network bnet -p 19193:80 bench sh -c "$big" >/dev/null 2>&1
sleep 3
PAIRS=${PAIRS:-9}
alternate_downloads http://127.0.0.1:19180/big http://127.0.0.1:19192/big "$([ -n "$P" ] && echo http://127.0.0.1:19193/big)"
echo
echo "host -> container on a user network through a published port (256 MB, $PAIRS alternating rounds, medians)"
printf '%-34s %10.0f MB/s\n' "host loopback" "$(median <"$tmp/lo.bytes" | awk '{ print $1 / 1e6 }')"
printf '%-34s %10.0f MB/s (%.2f of loopback)\n' "warren" "$(median <"$tmp/w.bytes" | awk '{ print $1 / 1e6 }')" "$(median <"$tmp/w.ratio")"
if [ -n "$P" ]; then
  printf '%-34s %10.0f MB/s (%.2f of loopback)\n' "podman (rootless netns, rootlessport)" "$(median <"$tmp/p.bytes" | awk '{ print $1 / 1e6 }')" "$(median <"$tmp/p.ratio")"
  printf '%-34s %10.2f\n' "warren / podman" "$(median <"$tmp/wp.ratio")"
fi
