# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/dns.sh WARREN: name resolution between containers on
# user networks through warren's responder, and the /etc/resolv.conf it
# goes with. In a throwaway host, as networks.sh; the host's resolver is
# a stub server this test runs on an address of its own (the throwaway
# host's /etc/resolv.conf points there), so nothing ever leaves.
. "$(dirname "$0")/lib.sh"
enter_throwaway_host "$0" "$@"
W=$1
container_test_setup dns

mkdir -p "$tmp/fs/bin"
cp "$(command -v busybox)" "$tmp/fs/bin/busybox"
for l in sh true sleep cat nslookup httpd; do ln -s busybox "$tmp/fs/bin/$l"; done
tar -C "$tmp/fs" -cf "$tmp/fs.tar" .
run $R import --change 'CMD ["httpd","-f","-p","80"]' "$tmp/fs.tar" img
check_status 0

# The stub upstream: 10.123.0.1:53 answers every A query with 192.0.2.7.
ip link add stubdns0 type bridge && ip addr add 10.123.0.1/24 dev stubdns0 && ip link set stubdns0 up
printf 'nameserver 10.123.0.1\nsearch example.test\n' >"$tmp/resolv.conf"
mount --bind "$tmp/resolv.conf" /etc/resolv.conf
start_stub_dns 10.123.0.1 192.0.2.7
stub=$stub_dns_pid
trap 'kill $stub 2>/dev/null; container_test_cleanup' EXIT

# query SERVER NAME [tcp]: an A query from the host, the first address answered.
query() {
  python3 - "$@" <<'PY'
import socket, struct, sys
server, name = sys.argv[1], sys.argv[2]
q = b"\x42\x42\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00" + b"".join(
    bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\x00\x00\x01\x00\x01"
if len(sys.argv) > 3:
    s = socket.create_connection((server, 53), timeout=3)
    s.sendall(struct.pack(">H", len(q)) + q)
    n = struct.unpack(">H", s.recv(2))[0]
    a = b""
    while len(a) < n:
        a += s.recv(n - len(a))
else:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(3)
    s.sendto(q, (server, 53))
    a = s.recv(512)
rcode, count = a[3] & 15, struct.unpack(">H", a[6:8])[0]
print(".".join(str(b) for b in a[-4:]) if rcode == 0 and count else "rcode %d" % rcode)
PY
}
# resolve NETWORK NAME: what busybox nslookup in a container on NETWORK finds.
resolve() {
  run $R run --rm --network "$1" img nslookup "$2"
  out=$(printf '%s\n' "$out" | sed -n 's/^Address: \([0-9.]*\)$/\1/p' | head -1)
}

run $R network create dnsnet
run $R network create othernet
run $R network create --internal intnet
run $R network create --disable-dns nodns
run $R network inspect -f '{{.DNSEnabled}}' dnsnet
run $R network inspect dnsnet
check_out_has '"dns_enabled": true'
run $R network inspect nodns
check_out_has '"dns_enabled": false'

run $R run -d --network dnsnet --name web --hostname webhost --network-alias www img
check_status 0
web_ip=$($R inspect -f '{{.NetworkSettings.Networks.dnsnet.IPAddress}}' web)
gw=${web_ip%.*}.1
resolve dnsnet web
check "the name resolves" test "$out" = "$web_ip"
resolve dnsnet www
check "an alias resolves" test "$out" = "$web_ip"
resolve dnsnet webhost
check "the hostname resolves" test "$out" = "$web_ip"
resolve dnsnet "$($R inspect -f '{{.Id}}' web | cut -c1-12)"
check "the short id resolves" test "$out" = "$web_ip"
run $R run -d --network othernet --name otherctr img  # the responder listens where containers are
other_gw=$($R network inspect othernet | sed -n 's/.*"gateway": "\(.*\)".*/\1/p')
run query "$other_gw" web
check "not from another network ($other_gw: $out)" test "$out" = "rcode 3"
run query "$gw" web tcp
check "a TCP query" test "$out" = "$web_ip"
# 30 TCP clients that send one byte and then nothing hold up no one: UDP
# lookups meanwhile answer as fast as ever (the median of five, under
# 100 ms; each used to wait out every silent client's two seconds), and so
# does a TCP query on a connection of its own.
run python3 - "$gw" web <<'PY'
import socket, statistics, struct, sys, time
gw, name = sys.argv[1], sys.argv[2]
q = b"\x42\x42\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00" + bytes([len(name)]) + name.encode() + b"\x00\x00\x01\x00\x01"
idle = []
for _ in range(30):
    s = socket.create_connection((gw, 53), timeout=3)
    s.send(b"\x00")
    idle.append(s)
times = []
for _ in range(5):
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.settimeout(3)
    t = time.monotonic()
    u.sendto(q, (gw, 53))
    u.recv(512)
    times.append(time.monotonic() - t)
t = socket.create_connection((gw, 53), timeout=3)
t.sendall(struct.pack(">H", len(q)) + q)
n = struct.unpack(">H", t.recv(2))[0]
print("%s %.1f ms, tcp %d" % ("fast" if statistics.median(times) < 0.1 else "slow", statistics.median(times) * 1000, n > 0))
PY
check_status 0
check "lookups beside 30 silent TCP clients ($out)" test "${out%% *}" = fast -a "${out##* }" = 1
run query "$gw" web.dns.podman
check "with its domain" test "$out" = "$web_ip"
run query "$gw" nothere.dns.podman
check "an unknown name in dns.podman: NXDOMAIN" test "$out" = "rcode 3"
run query "$gw" elsewhere.example.test
check "other names go to the host's resolver" test "$out" = "192.0.2.7"

# resolv.conf: the responder first, then the host's; dns.podman searched first.
run $R run --rm --network dnsnet img cat /etc/resolv.conf
check "resolv.conf on a DNS network" test "$out" = "$(printf 'nameserver %s\nnameserver 10.123.0.1\nsearch dns.podman example.test' "$gw")"
run $R run --rm --network nodns img cat /etc/resolv.conf
check "resolv.conf without DNS: the host's only" test "$out" = "$(printf 'nameserver 10.123.0.1\nsearch example.test')"
run $R run --rm --network dnsnet --dns-search corp.test img cat /etc/resolv.conf
check_out_has "search dns.podman corp.test"

# host-gateway in --add-host: the gateway, as host.containers.internal.
run $R run --rm --network dnsnet --add-host hgw:host-gateway img cat /etc/hosts
check_out_has "$(printf '%s\thgw' "$gw")"
check_out_has "$(printf '%s\thost.containers.internal' "$gw")"

# Connect and disconnect change the records at once.
run $R network connect othernet web
check_status 0
other_ip=$($R inspect -f '{{.NetworkSettings.Networks.othernet.IPAddress}}' web)
resolve othernet web
check "after connect, on the second network, its address there" test "$out" = "$other_ip"
resolve dnsnet web
check "and still on the first" test "$out" = "$web_ip"
run $R exec web cat /etc/hosts /etc/resolv.conf
check_out_has "$(printf '%s\twebhost web' "$other_ip")"
check_out_has "nameserver $other_gw"
run $R network disconnect othernet web
run query "$other_gw" web
check "after disconnect the name is gone" test "$out" = "rcode 3"
run $R exec web cat /etc/hosts /etc/resolv.conf
check_out_lacks "$other_ip"
check_out_lacks "nameserver $other_gw"
check_out_has "nameserver $gw"

# PTR for its address; AAAA on an IPv6 network.
ptr=$(echo "$web_ip" | awk -F. '{ print $4 "." $3 "." $2 "." $1 ".in-addr.arpa" }')
run $R run --rm --network dnsnet img nslookup -type=ptr "$ptr"
check_out_has "name = web.dns.podman"
# A name too long for a DNS label (70 characters): its PTR names it by its
# short id instead (it was a malformed answer).
longname=$(printf 'l%.0s' $(seq 70))
run $R run -d --network dnsnet --name "$longname" img
long_ip=$($R inspect -f '{{.NetworkSettings.Networks.dnsnet.IPAddress}}' "$longname")
ptr=$(echo "$long_ip" | awk -F. '{ print $4 "." $3 "." $2 "." $1 ".in-addr.arpa" }')
run $R run --rm --network dnsnet img nslookup -type=ptr "$ptr"
check_out_has "name = $($R inspect -f '{{.Id}}' "$longname" | cut -c1-12).dns.podman"
$R rm -f -t 0 "$longname" >/dev/null
run $R network create --ipv6 v6net
run $R run -d --network v6net --name web6 img
check_status 0
web6_ip=$($R inspect -f '{{.NetworkSettings.Networks.v6net.GlobalIPv6Address}}' web6)
run $R run --rm --network v6net img nslookup -type=aaaa web6
check "AAAA on an IPv6 network" test -n "$web6_ip"
check_out_has "Address: $web6_ip"

# A network's own --dns servers take the place of the host's.
run $R network create --dns 10.123.0.1 fwdnet
run $R network inspect fwdnet
check_out_has '"network_dns_servers": ['
check_out_has '"dns_responders": ['
printf 'nameserver 10.123.0.99\n' >"$tmp/resolv.conf"
run $R run -d --network fwdnet --name fwd img
fwd_gw=$($R network inspect fwdnet | sed -n 's/.*"gateway": "\(.*\)".*/\1/p')
run query "$fwd_gw" elsewhere.example.test
check "forwarded to the network's own server" test "$out" = "192.0.2.7"
# network update (Podman 5's): the servers changed while a container runs.
ip addr add 10.123.0.2/24 dev stubdns0
start_stub_dns 10.123.0.2 192.0.2.8
stub2=$stub_dns_pid
run $R network update --dns-add 10.123.0.2 --dns-drop 10.123.0.1 fwdnet
check_status 0
check "update prints the network" test "$out" = fwdnet
run query "$fwd_gw" elsewhere.example.test
check "the responder forwards to the new server at once" test "$out" = "192.0.2.8"
run $R network inspect -f '{{json .network_dns_servers}}' fwdnet
check "inspect shows the new servers" test "$out" = '["10.123.0.2"]'
run $R network update --dns-add 10.123.0.x fwdnet
check_status 125
check_err "Error: unable to parse ip 10.123.0.x specified in AddDNSServer: invalid argument"
run $R network update --dns-add 10.123.0.1 nodns
check_status 125
check_err "Error: cannot set NetworkDNSServers if DNS is not enabled for the network: invalid argument"
run $R network update --dns-drop 10.123.0.2 --dns-add 10.123.0.1 fwdnet
run query "$fwd_gw" elsewhere.example.test
check "and back" test "$out" = "192.0.2.7"
kill "$stub2"
printf 'nameserver 10.123.0.1\nsearch example.test\n' >"$tmp/resolv.conf"
run $R network create --disable-dns --dns 10.123.0.1 bad
check_status 125
check_err "Error: cannot set NetworkDNSServers if DNS is not enabled for the network: invalid argument"

# Internal networks resolve names and forward nothing.
run $R run -d --network intnet --name iweb img
check_status 0
iweb_ip=$($R inspect -f '{{.NetworkSettings.Networks.intnet.IPAddress}}' iweb)
resolve intnet iweb
check "names resolve on an internal network" test "$out" = "$iweb_ip"
run query "${iweb_ip%.*}.1" elsewhere.example.test
check "nothing forwarded from it" test "$out" = "rcode 5"

# Pod members answer with the pod's address.
run $R pod create --name dnspod --network dnsnet
run $R run -d --pod dnspod --name member img
check_status 0
pod_ip=$($R inspect -f '{{.NetworkSettings.Networks.dnsnet.IPAddress}}' "$($R pod inspect -f '{{.InfraContainerID}}' dnspod)")
run query "$gw" member
check "a pod member resolves to the pod's address" test "$out" = "$pod_ip"

# Containers coming and going while a name is looked up again and again:
# no wrong answer, no failed query (bounded).
( for i in $(seq 20); do $R run --rm --network dnsnet img true >/dev/null 2>&1; done ) &
churn=$!
bad=0
for i in $(seq 60); do
  a=$(query "$gw" web)
  [ "$a" = "$web_ip" ] || bad=$((bad + 1))
done
wait $churn
check "60 queries during 20 starts and ends, all right ($bad wrong)" test "$bad" = 0

# A responder that crashed is started again by the next container.
kill -9 "$(cat "$tmp/run/dns/pid")"
run $R run -d --network dnsnet --name after img
check_status 0
run query "$gw" after
check "a new responder after a crash" test "$out" = "$($R inspect -f '{{.NetworkSettings.Networks.dnsnet.IPAddress}}' after)"
run query "$gw" web
check "with every name again" test "$out" = "$web_ip"
$R rm -f -t 0 after >/dev/null

# Behind systemd-resolved's stub, the responder forwards to its upstreams.
mount -t tmpfs dns-test-systemd /run/systemd 2>/dev/null || mount -t tmpfs dns-test-systemd /run
mkdir -p /run/systemd/resolve
printf 'nameserver 10.123.0.1\n' >/run/systemd/resolve/resolv.conf
printf 'nameserver 127.0.0.53\n' >"$tmp/resolv.conf"
$R network disconnect dnsnet web >/dev/null && $R network connect dnsnet web >/dev/null  # a reload
web_ip=$($R inspect -f '{{.NetworkSettings.Networks.dnsnet.IPAddress}}' web)
run query "$gw" elsewhere.example.test
check "through the stub's upstream" test "$out" = "192.0.2.7"
run $R run --rm --network dnsnet img cat /etc/resolv.conf
check_out_lacks "127.0.0.53"

# Port 53 taken on a gateway: the error says by whom, and nothing is left.
$R rm -f -t 0 web iweb member otherctr web6 fwd >/dev/null
$R pod rm -f dnspod >/dev/null
for i in $(seq 50); do [ -z "$(pgrep -f "warren-dns --root $tmp/root")" ] && break; sleep 0.1; done
check "the responder ends with the last container" test -z "$(pgrep -f "warren-dns --root $tmp/root")"
run $R network create --subnet 10.124.0.0/24 --interface-name takenbr takennet
ip link add takenbr type bridge && ip addr add 10.124.0.1/24 dev takenbr && ip link set takenbr up
python3 -c 'import socket,time; s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(("10.124.0.1",53)); time.sleep(30)' &
holder=$!
# Bound before the run (a python3 behind a version shim can take a second to start).
for i in $(seq 100); do ss -Hun state unconnected src 10.124.0.1:53 | grep -q . && break; sleep 0.05; done
run $R run --rm --network takennet img true
check_status 125
case "$err" in *"port 53 on 10.124.0.1 (udp) is in use by python3"*) checks=$((checks + 1)) ;; *) fail "taken port: $err" ;; esac
kill $holder
check "no container left after it" test -z "$($R ps -a -q)"
for i in $(seq 50); do [ -z "$(pgrep -f "warren-dns --root $tmp/root")" ] && break; sleep 0.1; done
check "nor a responder" test -z "$(pgrep -f "warren-dns --root $tmp/root")"
finish
