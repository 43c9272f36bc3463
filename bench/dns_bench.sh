#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/dns_bench.sh WARREN [N]: warren's DNS responder with N containers
# (default 20) on a DNS-enabled network: its memory (PSS), the time of a
# query for a container's name (UDP, from the host to the gateway, median
# of 200) beside a query the host's own resolver library makes of
# /etc/hosts (the floor of any lookup), and the time a name takes to
# appear after `run -d` returns (zero: run returns once it is served).
# Run as root, by hand (bench/README.md); in a throwaway host.
set -u
W=${1:?usage: dns_bench.sh WARREN [N]}
N=${2:-20}
if [ -z "${WARREN_IN_THROWAWAY:-}" ]; then
  WARREN_IN_THROWAWAY=1 exec unshare --net --mount --propagation private bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
W=$(realpath "$W")
tmp=$(mktemp -d /tmp/warren-bench-XXXXXX)
mount -t tmpfs bench-varlib /var/lib
ip link set lo up
export CONTAINERS_CONF=$tmp/containers.conf
: >"$CONTAINERS_CONF"
R="$W --root $tmp/root --runroot $tmp/run --network-config-dir $tmp/net"
cleanup() {
  $R rm -a -f -t 0 >/dev/null 2>&1
  umount "$tmp/run/netns" 2>/dev/null
  rm -rf "$tmp" 2>/dev/null
}
trap cleanup EXIT
mkdir -p "$tmp/fs/bin"
cp "$(command -v busybox)" "$tmp/fs/bin/busybox"
for l in sh sleep; do ln -s busybox "$tmp/fs/bin/$l"; done
tar -C "$tmp/fs" -cf "$tmp/fs.tar" .
$R import "$tmp/fs.tar" bench >/dev/null
$R network create benchdns >/dev/null
for i in $(seq "$N"); do $R run -d --network benchdns --name "c$i" bench sleep 3600 >/dev/null; done
ip=$($R inspect -f '{{.NetworkSettings.Networks.benchdns.IPAddress}}' c1)
gw=${ip%.*}.1
pid=$(cut -d" " -f1 "$tmp/run/dns/pid")  # "PID START"
echo "responder with $N containers: PSS $(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup") kB"
python3 - "$gw" "c$N" <<'PY'
import socket, statistics, sys, time
gw, name = sys.argv[1], sys.argv[2]
q = b"\x42\x42\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00" + b"".join(
    bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\x00\x00\x01\x00\x01"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
times = []
for _ in range(200):
    t = time.perf_counter()
    s.sendto(q, (gw, 53))
    s.recv(512)
    times.append((time.perf_counter() - t) * 1e6)
floor = []
for _ in range(200):
    t = time.perf_counter()
    socket.getaddrinfo("localhost", None)
    floor.append((time.perf_counter() - t) * 1e6)
print("query for a container's name: median %.0f us (host getaddrinfo of localhost: %.0f us)"
      % (statistics.median(times), statistics.median(floor)))
PY
miss=0
for i in $(seq 10); do
  $R run -d --network benchdns --name "late$i" bench sleep 3600 >/dev/null
  python3 - "$gw" "late$i" <<'PY' || miss=$((miss + 1))
import socket, sys
gw, name = sys.argv[1], sys.argv[2]
q = b"\x42\x42\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00" + bytes([len(name)]) + name.encode() + b"\x00\x00\x01\x00\x01"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
s.sendto(q, (gw, 53))
a = s.recv(512)
sys.exit(0 if a[3] & 15 == 0 and a[7] == 1 else 1)
PY
done
echo "names missing right after run -d returned: $miss of 10"
