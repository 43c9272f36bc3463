#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/rootless_bench.sh WARREN: rootless containers, warren beside
# Podman 4.3 rootless (slirp4netns and its port handler, when installed)
# and Debian's slirp4netns standalone, in the same run:
#   run --rm IMAGE true; host -> container through a published port
#   (throughput of a 256 MB download, and a new connection plus a 1-byte
#   echo) against the host's loopback; container -> host service
#   throughput; monitor plus stack memory (PSS).
# Run as root, by hand (bench/README.md): it makes a throwaway host (own
# network and mount namespaces) and runs everything there as the
# unprivileged test user (scripts/test-setup.sh). Never a timed test.
set -u
W=$(realpath "${1:?usage: rootless_bench.sh WARREN}")
ROUNDS=${ROUNDS:-7}
. "$(dirname "$0")/lib.sh"
rootless_bench_start "$0" "$W"
trap rootless_bench_cleanup EXIT

mkdir -p "$HOME/fs/bin" "$HOME/fs/www" "$HOME/hostwww"
cp "$(command -v busybox)" "$HOME/fs/bin/busybox"
for l in sh true httpd nc cat wget dd sleep; do ln -s busybox "$HOME/fs/bin/$l"; done
tar -C "$HOME/fs" -cf "$HOME/fs.tar" .
"$W" import "$HOME/fs.tar" bench >/dev/null
[ -n "$P" ] && $P import "$HOME/fs.tar" bench >/dev/null 2>&1
dd if=/dev/zero of="$HOME/hostwww/big" bs=1M count=256 status=none

echo "run --rm IMAGE true (rootless), median of $ROUNDS rounds, alternating (ms)"
for i in $(seq "$ROUNDS"); do
  t0=${EPOCHREALTIME/./}000; "$W" run --rm bench true >/dev/null; t1=${EPOCHREALTIME/./}000; ms "$t0" "$t1" >>"$tmp/warren.run"
  if [ -n "$P" ]; then
    t0=${EPOCHREALTIME/./}000; $P run --rm --ulimit host bench true >/dev/null 2>&1; t1=${EPOCHREALTIME/./}000; ms "$t0" "$t1" >>"$tmp/podman.run"
  fi
done
printf '%-34s %10s %10s %8s\n' step warren podman ratio
report_row 34 "run --rm IMAGE true" run

# Host -> container: a 256 MB download and connect + 1-byte echo.
echo_latency() {  # PORT: median microseconds of a new connection + 1-byte echo, 200 tries
  python3 - "$1" <<'PY'
import socket, statistics, sys, time
port = int(sys.argv[1])
times = []
for _ in range(200):
    t = time.perf_counter()
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"x")
    s.recv(1)
    s.close()
    times.append((time.perf_counter() - t) * 1e6)
print("%.0f" % statistics.median(times))
PY
}
busybox httpd -f -p 127.0.0.1:19080 -h "$HOME/hostwww" &
hostsrv=$!
busybox nc -ll -p 19081 -e cat &
hostecho=$!
"$W" run -d --rm --name wsrv -p 19090:80 -p 19091:7 bench sh -c 'dd if=/dev/zero of=/www/big bs=1M count=256 2>/dev/null; nc -ll -p 7 -e cat & exec httpd -f -p 80 -h /www' >/dev/null
if [ -n "$P" ]; then
  $P run -d --rm --ulimit host --name psrv -p 19092:80 -p 19093:7 bench sh -c 'dd if=/dev/zero of=/www/big bs=1M count=256 2>/dev/null; nc -ll -p 7 -e cat & exec httpd -f -p 80 -h /www' >/dev/null 2>&1
fi
sleep 3
PAIRS=${PAIRS:-9}
alternate_downloads http://127.0.0.1:19080/big http://127.0.0.1:19090/big "$([ -n "$P" ] && echo http://127.0.0.1:19092/big)"
lo=$(median <"$tmp/lo.bytes")
lo_echo=$(echo_latency 19081)
w_echo=$(echo_latency 19091)
echo
echo "host -> container through a published port (256 MB downloads, $PAIRS alternating rounds: medians, and the median of"
echo "the rounds' ratios to loopback; echo: median of 200)"
printf '%-34s %12s %12s\n' "" "MB/s" "echo us"
printf '%-34s %12.0f %12s\n' "host loopback" "$(awk -v b="$lo" 'BEGIN { print b / 1e6 }')" "$lo_echo"
printf '%-34s %12.0f %12s   (%.2f of loopback, echo %.2fx)\n' "warren" "$(median <"$tmp/w.bytes" | awk '{ print $1 / 1e6 }')" \
  "$w_echo" "$(median <"$tmp/w.ratio")" "$(awk -v a="$w_echo" -v b="$lo_echo" 'BEGIN { print a / b }')"
if [ -n "$P" ]; then
  p_echo=$(echo_latency 19093)
  printf '%-34s %12.0f %12s   (%.2f of loopback, echo %.2fx)\n' "podman (rootlessport)" "$(median <"$tmp/p.bytes" | awk '{ print $1 / 1e6 }')" \
    "$p_echo" "$(median <"$tmp/p.ratio")" "$(awk -v a="$p_echo" -v b="$lo_echo" 'BEGIN { print a / b }')"
fi

# Container -> host service, through the user-mode stack.
echo
echo "container -> host service at 10.0.2.2 (256 MB, median of 3)"
inner_download() {  # CLI [run options]: bytes/s seen from a container
  local cli=$1
  shift
  for i in 1 2 3; do
    local t0 t1
    t0=${EPOCHREALTIME/./}000
    $cli run --rm "$@" --network slirp4netns:allow_host_loopback=true bench wget -q -O /dev/null http://10.0.2.2:19080/big >/dev/null 2>&1
    t1=${EPOCHREALTIME/./}000
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f\n", 268435456 / ((b - a) / 1e9) }'
  done | median
}
wi=$(inner_download "$W")
printf '%-34s %12.0f MB/s (%.2f of loopback)\n' "warren" "$(awk -v b="$wi" 'BEGIN { print b / 1e6 }')" "$(awk -v a="$wi" -v b="$lo" 'BEGIN { print a / b }')"
if [ -n "$P" ]; then
  pi=$(inner_download "$P" --ulimit host)
  printf '%-34s %12.0f MB/s (%.2f of loopback)\n' "podman (slirp4netns)" "$(awk -v b="$pi" 'BEGIN { print b / 1e6 }')" "$(awk -v a="$pi" -v b="$lo" 'BEGIN { print a / b }')"
fi

# Memory per container, twenty of them each with a published port, as a
# user's containers share the pages of the programs: warren's monitor
# (with the stack's and the forwarder's threads) and its agent; Podman's
# conmon, slirp4netns and rootlessport.
pss() { local v; v=$(awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup" 2>/dev/null); echo "${v:-0}"; }
for i in $(seq 20); do
  "$W" run -d --rm -p "$((19200 + i)):80" bench sleep 600 >/dev/null
  [ -n "$P" ] && $P run -d --rm --ulimit host -p "$((19300 + i)):80" bench sleep 600 >/dev/null 2>&1
done
sleep 1
total=0 n=0
for f in "$XDG_RUNTIME_DIR"/warren/containers/*/state.json; do
  mon=$(sed -n 's/.*"monitor":\([0-9]*\).*/\1/p' "$f")
  [ -n "$mon" ] || continue
  agent=$(pgrep -P "$mon" -x warren-agent | head -1)
  total=$((total + $(pss "$mon") + $(pss "${agent:-0}"))) n=$((n + 1))
done
echo
echo "memory per container (PSS, average of $n): warren monitor + agent $((total / n)) kB"
if [ -n "$P" ]; then
  total=0
  for name in conmon slirp4netns rootlessport; do
    for p in $(pgrep -u "$(id -u)" -f "^[^ ]*$name"); do total=$((total + $(pss "$p"))); done
  done
  echo "podman: conmon + slirp4netns + rootlessport, per container $((total / 22)) kB"
fi
kill "$hostecho" 2>/dev/null
