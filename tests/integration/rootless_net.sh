# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/rootless_net.sh WARREN: shared/SCENARIOS.md "As a
# regular user", literally, and the rootless network around it: the
# user-mode stack, published ports that keep the client's address, ping,
# and the errors. Root makes a throwaway host (its own network and mount
# namespaces, with an address of its own, 10.99.0.1, on a bridge standing
# for the machine's LAN address) and runs the rest there as the
# unprivileged test user. Nothing leaves the throwaway host.
. "$(dirname "$0")/lib.sh"
enter_throwaway_host "$0" "$@"
if [ "$(id -u)" = 0 ]; then
  ip link set lo up
  ip link add rl0 type bridge && ip addr add 10.99.0.1/24 dev rl0 && ip link set rl0 up
  ip addr add 10.99.0.5/24 dev rl0  # a second address, for outbound_addr
  # The host's resolver: a stub on the LAN address (the throwaway host's
  # resolv.conf points there) answering every A query with 10.99.0.77; and
  # ICMP datagram sockets for every group, in this network namespace only.
  stubdir=$(mktemp -d /tmp/warren-rootless-dns-XXXXXX)
  printf 'nameserver 10.99.0.1\n' >"$stubdir/resolv.conf" && chmod -R a+rX "$stubdir"
  mount --bind "$stubdir/resolv.conf" /etc/resolv.conf
  sysctl -q -w net.ipv4.ping_group_range="0 2147483647"
  start_stub_dns 10.99.0.1 10.99.0.77
  stub=$stub_dns_pid
  trap 'kill $stub 2>/dev/null; umount /etc/resolv.conf; rm -rf "$stubdir"' EXIT
  # /dev/net/tun out of the user's reach (a root-only file bound over it,
  # in a mount namespace of this check's own): the error says how to fix it.
  user=${WARREN_TEST_USER:-warren-test}
  if id "$user" >/dev/null 2>&1; then
    t=$(mktemp -d /tmp/warren-rootless-tun-XXXXXX)
    for h in warren warren-monitor warren-infra warren-dns warren-agent; do cp "$(dirname "$1")/$h" "$t/" 2>/dev/null; done
    mkdir -p "$t/home/run" "$t/home/fs/bin" && chmod 700 "$t/home/run" && cp "$(command -v busybox)" "$t/home/fs/bin/busybox" && tar -C "$t/home/fs" -cf "$t/fs.tar" .
    touch "$t/tun" && chmod 600 "$t/tun" && chmod -R a+rX "$t" && chown -R "$user" "$t/home"
    as_user() { runuser -u "$user" -- env -i PATH="$PATH" HOME="$t/home" XDG_RUNTIME_DIR="$t/home/run" "$@"; }
    as_user "$t/warren" import "$t/fs.tar" tunimg >/dev/null
    tun_err=$(unshare --mount --propagation private bash -c "mount --bind $t/tun /dev/net/tun && runuser -u $user -- env -i PATH=\"$PATH\" HOME=$t/home XDG_RUNTIME_DIR=$t/home/run $t/warren run --rm tunimg /bin/busybox true" 2>&1)
    tun_left=$(as_user "$t/warren" ps -a -q)
    # No subuid or subgid range for the user (empty files bound over both):
    # the container runs with the user's own id alone, after Podman's warning.
    touch "$t/nosub" && chmod 644 "$t/nosub"
    nosub_out=$(unshare --mount --propagation private bash -c "mount --bind $t/nosub /etc/subuid && mount --bind $t/nosub /etc/subgid && runuser -u $user -- env -i PATH=\"$PATH\" HOME=$t/home XDG_RUNTIME_DIR=$t/home/run $t/warren run --rm tunimg /bin/busybox cat /proc/self/uid_map /proc/self/gid_map" 2>&1)
    nosub_rc=$?
    nosub_left=$(as_user "$t/warren" ps -a -q)
    # User namespaces disabled: the user runs inside a user namespace of
    # this check's own whose user.max_user_namespaces is 0 (the machine's
    # own limit is not touched).
    cat >"$t/nouserns.py" <<'PY'
import ctypes, os, sys
uid, gid, argv = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
libc = ctypes.CDLL(None, use_errno=True)
r1, w1 = os.pipe(); r2, w2 = os.pipe()
pid = os.fork()
if pid == 0:
    if libc.unshare(0x10000000) != 0: os._exit(90)  # CLONE_NEWUSER
    os.write(w1, b"u"); os.read(r2, 1)
    with open("/proc/sys/user/max_user_namespaces", "w") as f: f.write("0")
    os.setgroups([]); os.setresgid(gid, gid, gid); os.setresuid(uid, uid, uid)
    os.execvpe(argv[0], argv, dict(os.environ))
os.read(r1, 1)
for name, ids in (("uid_map", uid), ("gid_map", gid)):
    with open(f"/proc/{pid}/{name}", "w") as f: f.write(f"0 0 1\n{ids} {ids} 1\n")
os.write(w2, b"g")
sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
PY
    nouserns_err=$(env -i PATH="$PATH" HOME="$t/home" XDG_RUNTIME_DIR="$t/home/run" python3 "$t/nouserns.py" "$(id -u "$user")" "$(id -g "$user")" "$t/warren" run --rm tunimg /bin/busybox true 2>&1)
    nouserns_rc=$?
    nouserns_left=$(as_user "$t/warren" ps -a -q)
    export WARREN_FROM_ROOT_NOUSERNS_ERR=$nouserns_err WARREN_FROM_ROOT_NOUSERNS_RC=$nouserns_rc WARREN_FROM_ROOT_NOUSERNS_LEFT=$nouserns_left
    as_user "$t/warren" rmi -f tunimg >/dev/null 2>&1
    rm -rf "$t"
    export WARREN_FROM_ROOT_TUN_ERR=$tun_err WARREN_FROM_ROOT_TUN_LEFT=$tun_left
    # One line each: the variables travel a line apiece.
    nosub_warned=$(grep -c "Using rootless single mapping into the namespace" <<<"$nosub_out")
    nosub_maps=$(awk 'NF == 3 { print $1, $2, $3 }' <<<"$nosub_out" | tr '\n' ' ')
    export WARREN_FROM_ROOT_NOSUB_WARNED=$nosub_warned WARREN_FROM_ROOT_NOSUB_MAPS=$nosub_maps
    export WARREN_FROM_ROOT_NOSUB_RC=$nosub_rc WARREN_FROM_ROOT_NOSUB_LEFT=$nosub_left
  fi
fi
as_test_user "$0" "$@"
W=$1

home=$(mktemp -d /tmp/warren-rootless-net-XXXXXX)
export HOME=$home
unset XDG_DATA_HOME XDG_CONFIG_HOME
export XDG_RUNTIME_DIR=$home/run  # removed with the rest at the end
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
cleanup() {
  "$W" pod rm -a -f -t 0 >/dev/null 2>&1
  "$W" rm -a -f -t 0 >/dev/null 2>&1
  rm -rf "$home"
}
trap cleanup EXIT

# alpine_nginx from busybox, with a CGI that prints the client's address.
mkdir -p "$home/fs/bin" "$home/fs/www/cgi-bin"
cp "$(command -v busybox)" "$home/fs/bin/busybox"
for l in sh wget ip ping cat nc true sleep nslookup; do ln -s busybox "$home/fs/bin/$l"; done
echo "podman rulez" >"$home/fs/www/index.html"
printf '#!/bin/sh\necho Content-Type: text/plain\necho\necho "$REMOTE_ADDR"\n' >"$home/fs/www/cgi-bin/ip"
chmod 755 "$home/fs/www/cgi-bin/ip"
# A UDP echo server (busybox has none), static as the image has no libc.
printf '%s\n' '#include <netinet/in.h>' '#include <sys/socket.h>' \
  'int main(void) { int s = socket(AF_INET, SOCK_DGRAM, 0); struct sockaddr_in a = {0};' \
  '  a.sin_family = AF_INET; a.sin_port = htons(9999); bind(s, (struct sockaddr*)&a, sizeof a);' \
  '  for (;;) { char b[2048]; struct sockaddr_in c; socklen_t l = sizeof c;' \
  '    int n = recvfrom(s, b, sizeof b, 0, (struct sockaddr*)&c, &l); if (n > 0) sendto(s, b, n, 0, (struct sockaddr*)&c, l); } }' \
  >"$home/udpecho.c"
cc -static -O2 -o "$home/fs/bin/udpecho" "$home/udpecho.c" || fail "build the UDP echo server"
tar -C "$home/fs" -cf "$home/fs.tar" .
run "$W" import --change 'CMD ["busybox","httpd","-f","-p","80","-h","/www"]' --change 'EXPOSE 80' "$home/fs.tar" alpine_nginx
check_status 0


# Automatic networking, with no address on any host interface.
links_before=$(ip -o link | wc -l)
run "$W" run --rm alpine_nginx sh -c 'ip -4 -o addr show tap0; ip route; cat /etc/resolv.conf'
check_status 0
check_out_has "inet 10.0.2.100/24"
check_out_has "default via 10.0.2.2 dev tap0"
check_out_has "nameserver 10.0.2.3"
check "no host interface came or went" test "$(ip -o link | wc -l)" = "$links_before"
check "no 10.0.2.x on the host" test -z "$(ip -4 -o addr | grep ' 10\.0\.2\.')"

run "$W" run --rm --network slirp4netns:enable_ipv6=true,mtu=1500 alpine_nginx sh -c 'ip -6 -o addr show tap0; ip -6 route; ip -o link show tap0'
check_status 0
check_out_has "inet6 fd00::100/64"
check_out_has "default via fd00::2 dev tap0"
check_out_has "mtu 1500"
# cidr= moves the whole user-mode network; port_handler= takes Podman's two
# names (both are warren's forwarder).
run "$W" run --rm -p 18089:80 --network slirp4netns:cidr=10.5.0.0/24,port_handler=rootlesskit alpine_nginx sh -c 'ip -4 -o addr show tap0; ip route; cat /etc/resolv.conf'
check_status 0
check_out_has "inet 10.5.0.100/24"
check_out_has "default via 10.5.0.2 dev tap0"
check_out_has "nameserver 10.5.0.3"
run "$W" run --rm --network slirp4netns:port_handler=slirp4netns alpine_nginx true
check_status 0
run "$W" run -d --rm -p 18089:80 --name cidrsrv --network slirp4netns:cidr=10.5.0.0/24 alpine_nginx
check_status 0
check "a published port into another cidr" fetch http://127.0.0.1:18089
check "its page" test "$out" = "podman rulez"
run "$W" rm -f -t 0 cidrsrv
check_status 0
# --network host and container: work for a regular user as for root.
run "$W" run --rm --network host alpine_nginx ip -o -4 addr show rl0
check_status 0
check_out_has "inet 10.99.0.1/24"
run "$W" run -d --rm --name netowner alpine_nginx
check_status 0
run "$W" run --rm --network container:netowner alpine_nginx sh -c 'ip -4 -o addr show tap0; wget -qO- http://127.0.0.1/'
check_status 0
check_out_has "inet 10.0.2.100/24"
check_out_has "podman rulez"
run "$W" rm -f -t 0 netowner
check_status 0

# Reach a rootless container from the host through a published port.
run "$W" run -dt --rm -P alpine_nginx
check_status 0
check "run -d prints the 64-hex id" test ${#out} -eq 64
run "$W" port -l
case "$out" in "80/tcp -> 0.0.0.0:"[0-9]*) checks=$((checks + 1)) ;; *) fail "port -l: $out" ;; esac
port=${out##*:}
check "curl http://localhost:PORT" fetch "http://localhost:$port"
check "the page" test "$out" = "podman rulez"
run "$W" inspect -f '{{.NetworkSettings.IPAddress}}' "$($W ps -q -l)"
check "inspect shows no IP" test -z "$out"
# An agent stays only for a container with published ports (it opens the
# forwarder's sockets inside); without any it ends once the tap is made.
agents=$(pgrep -c -u "$(id -u)" -x warren-agent)
check "the -P container keeps its agent" test "$agents" -ge 1
run "$W" run -d --rm --name noports alpine_nginx sleep 60
check_status 0
check "no agent for a container without published ports" test "$(pgrep -c -u "$(id -u)" -x warren-agent)" = "$agents"
run "$W" rm -f -t 0 noports
check_status 0

# A second container reaches the first through the host's address and the port.
run "$W" run -i --rm alpine_nginx /bin/sh <<<"wget -qO- http://10.99.0.1:$port"
check_status 0
check "through the host's address" test "$out" = "podman rulez"

# The server sees the client's real address.
run "$W" run -d --rm -p 18081:80 --name ipsrv alpine_nginx
check "from the host's loopback: 127.0.0.1" fetch http://127.0.0.1:18081/cgi-bin/ip
check_out_has "127.0.0.1"
check "from the host's address: that address" fetch http://10.99.0.1:18081/cgi-bin/ip
check_out_has "10.99.0.1"
run "$W" run --rm alpine_nginx wget -qO- http://10.99.0.1:18081/cgi-bin/ip
check_out_has "10.99.0.1"
check_out_lacks "10.0.2."
# outbound_addr: what a container's connections leave the host from, given
# as an address or as an interface (its first IPv4 address).
run "$W" run --rm --network slirp4netns:outbound_addr=10.99.0.5 alpine_nginx wget -qO- http://10.99.0.1:18081/cgi-bin/ip
check_status 0
check_out_has "10.99.0.5"
run "$W" run --rm --network slirp4netns:outbound_addr=rl0 alpine_nginx wget -qO- http://10.99.0.5:18081/cgi-bin/ip
check_status 0
check_out_has "10.99.0.1"
run "$W" run --rm --network slirp4netns:outbound_addr=nosuch0 alpine_nginx true
check_status 125
check_err "Error: invalid outbound_addr for slirp4netns: nosuch0 is neither an IPv4 address nor an interface"
# The port is free the moment its container is gone, though the connections
# it forwarded wait in TIME_WAIT on the host's side.
check "connections left in TIME_WAIT on 18081" test -n "$(ss -Htan state time-wait '( sport = :18081 )')"
run "$W" rm -f -t 0 ipsrv
check_status 0
run "$W" run -d --rm -p 18081:80 --name ipsrv2 alpine_nginx
check_status 0
check "the same port at once for the next container" fetch http://127.0.0.1:18081/cgi-bin/ip
run "$W" rm -f -t 0 ipsrv2
check_status 0
# IPv6 too: a port on every address answers on [::1] (as rootlessport's
# [::] listener does), an explicit [::1] port there; two host ports may
# lead to one server.
run "$W" run -d --rm -p 18086:80 -p '[::1]:18087:80' --name v6srv alpine_nginx
check_status 0
check "a port on every address, from [::1]" fetch 'http://[::1]:18086/cgi-bin/ip'
check_out_has "127.0.0.1"
check "an explicit [::1] port" fetch 'http://[::1]:18087/'
check "and 127.0.0.1 on the first" fetch http://127.0.0.1:18086/
run "$W" rm -f -t 0 v6srv
check_status 0

# A half-close goes through both ways: the client's end of sending reaches
# the server (cat ends), and the server's end reaches the client.
run "$W" run -d --rm -p 18085:7 alpine_nginx nc -ll -p 7 -e cat
check_status 0
out=$(python3 - <<'PY'
import socket, time
for _ in range(25):  # while the server starts (bounded)
    try:
        s = socket.create_connection(("127.0.0.1", 18085), timeout=3)
        s.sendall(b"half-closed")
        s.shutdown(socket.SHUT_WR)
        data = b""
        while True:
            chunk = s.recv(100)
            if not chunk:
                break
            data += chunk
        if data:
            print(data.decode())
            break
    except OSError:
        pass
    time.sleep(0.2)
PY
)
check "a half-close both ways through the forwarder" test "$out" = "half-closed"

# Nothing listening inside: the client is reset at once, not left hanging.
run "$W" run -d --rm -p 18086:80 alpine_nginx sleep 600
check_status 0
start=${EPOCHREALTIME/./}
curl -s --max-time 5 http://127.0.0.1:18086/ >/dev/null
rc=$?
elapsed=$(( (${EPOCHREALTIME/./} - start) / 1000 ))
check "no server inside: curl fails ($rc) within a second ($elapsed ms)" test "$rc" != 0 -a "$elapsed" -lt 1000

# UDP through a published port.
run "$W" run -d --rm -p 18082:9999/udp alpine_nginx udpecho
check_status 0
out=$(python3 - <<'PY'
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.5)
for _ in range(10):  # while the server starts (bounded)
    s.sendto(b"echo me", ("127.0.0.1", 18082))
    try:
        print(s.recv(100).decode())
        break
    except socket.timeout:
        pass
PY
)
check "a UDP reply through the forwarder" test "$out" = "echo me"

# DNS at 10.0.2.3, forwarded by the stack to the host's resolver; UDP
# straight to a host address; ping beyond the stack through the host's
# ICMP datagram sockets (ping_group_range allows them in this host).
run "$W" run --rm alpine_nginx nslookup host.example 10.0.2.3
check_status 0
check_out_has "10.99.0.77"
run "$W" run --rm alpine_nginx nslookup host.example 10.99.0.1
check_status 0
check_out_has "10.99.0.77"
run "$W" run --rm --cap-add NET_RAW alpine_nginx ping -c 1 -W 2 10.99.0.1
check_status 0
check_out_has "1 packets received"

# ping: the stack answers for 10.0.2.2, with CAP_NET_RAW only.
run "$W" run --rm --cap-add NET_RAW alpine_nginx ping -c 1 -W 2 10.0.2.2
check_status 0
check_out_has "1 packets received"
run "$W" run --rm alpine_nginx ping -c 1 -W 2 10.0.2.2
check_status 1

# The host's loopback, only when asked.
mkdir -p "$home/hostwww" && echo hostpage >"$home/hostwww/index.html"
busybox httpd -f -p 127.0.0.1:18090 -h "$home/hostwww" &
hostsrv=$!
sleep 0.3
run "$W" run --rm --network slirp4netns:allow_host_loopback=true alpine_nginx wget -qO- http://10.0.2.2:18090
check "allow_host_loopback=true reaches the host's loopback" test "$out" = "hostpage"
run "$W" run --rm alpine_nginx sh -c 'echo | nc -w 2 10.0.2.2 18090 && echo reached'
check_out_lacks "reached"
kill $hostsrv

# Rootless pods: two containers over localhost, with no port published.
run "$W" run -dt --rm --pod new:mypod alpine_nginx
check_status 0
run "$W" run -i --rm --pod mypod alpine_nginx /bin/sh <<<'for i in $(seq 25); do wget -qO- http://localhost && break; sleep 0.2; done'
check_status 0
check "a pod member over localhost" test "$out" = "podman rulez"
run "$W" pod create --name webpod -p 18084:80
check_status 0
run "$W" run -d --pod webpod alpine_nginx
check_status 0
check "a pod-level -p reaches the member" fetch http://127.0.0.1:18084
check "its page" test "$out" = "podman rulez"
run "$W" pod rm -f -t 0 mypod
check_status 0
run "$W" pod rm -f -t 0 webpod
check_status 0

# Errors, each with nothing left behind.
before=$("$W" ps -a -q | wc -l)
check "tun not accessible: the error says so and how to fix it (${WARREN_FROM_ROOT_TUN_ERR:-})" test "${WARREN_FROM_ROOT_TUN_ERR:-}" = \
  "Error: rootless network: open /dev/net/tun: Permission denied (let users open it: chmod 0666 /dev/net/tun)"
check "and nothing is left" test -z "${WARREN_FROM_ROOT_TUN_LEFT:-}"
uid=$(id -u) gid=$(id -g)
check "no subuid range: the container runs (${WARREN_FROM_ROOT_NOSUB_RC:-unset})" test "${WARREN_FROM_ROOT_NOSUB_RC:-}" = 0
check "with Podman's warning, once" test "${WARREN_FROM_ROOT_NOSUB_WARNED:-}" = 1
check "as the user's own ids alone (${WARREN_FROM_ROOT_NOSUB_MAPS:-})" test "${WARREN_FROM_ROOT_NOSUB_MAPS:-}" = "0 $uid 1 0 $gid 1 "
check "and nothing is left" test -z "${WARREN_FROM_ROOT_NOSUB_LEFT:-}"
check "user namespaces disabled: exit 125 (${WARREN_FROM_ROOT_NOUSERNS_RC:-unset})" test "${WARREN_FROM_ROOT_NOUSERNS_RC:-}" = 125
check "and the error names the sysctl (${WARREN_FROM_ROOT_NOUSERNS_ERR:-})" test "${WARREN_FROM_ROOT_NOUSERNS_ERR:-}" = \
  "Error: containers as a regular user need user namespaces, and this user cannot create one: user namespaces are disabled: sysctl user.max_user_namespaces is 0"
check "and nothing is left" test -z "${WARREN_FROM_ROOT_NOUSERNS_LEFT:-}"
run "$W" run --rm -p 80:80 alpine_nginx true
check_status 126
check_err "Error: rootlessport cannot expose privileged port 80, you can add 'net.ipv4.ip_unprivileged_port_start=80' to /etc/sysctl.conf (currently $(cat /proc/sys/net/ipv4/ip_unprivileged_port_start)), or choose a larger port number (>= $(cat /proc/sys/net/ipv4/ip_unprivileged_port_start)): listen tcp 0.0.0.0:80: bind: permission denied"
python3 -c 'import socket, time; s = socket.socket(); s.bind(("0.0.0.0", 18083)); s.listen(); time.sleep(30)' &
holder=$!
sleep 0.3
run "$W" run --rm -p 18083:80 alpine_nginx true
check_status 126
case "$err" in "Error: rootlessport listen tcp 0.0.0.0:18083: bind: address already in use") checks=$((checks + 1)) ;; *) fail "port in use: $err" ;; esac
kill $holder
run "$W" run --rm --network slirp4netns:mtu=10 alpine_nginx true
check_status 125
check_err "Error: invalid value of mtu for slirp4netns: 10"
check "nothing left after the errors" test "$("$W" ps -a -q | wc -l)" = "$before"

# The kill matrix's rootless part: the agent killed at any moment of a
# container's life with a published port; rm leaves nothing of it (no
# monitor, agent, held port, namespace or record).
for d in 0 5 50 200; do
  run "$W" run -d --name agentkill -p 18084:80 alpine_nginx
  check_status 0
  sleep "0.$(printf %03d "$d")"
  monitor=$(sed -n 's/.*"monitor":\([0-9]*\).*/\1/p' "$XDG_RUNTIME_DIR/warren/containers/$out/state.json")
  check "agent killed at +$d ms: there was one to kill" pkill -9 -P "$monitor" -x warren-agent
  run "$W" rm -f -t 0 agentkill
  check_status 0
  check "agent killed at +$d ms: no monitor left" sh -c "! kill -0 $monitor 2>/dev/null || grep -q '^State:.*Z' /proc/$monitor/status"
  check "agent killed at +$d ms: the port is free" test -z "$(ss -Hltn 'sport = 18084')"
  check "agent killed at +$d ms: no record left" test "$("$W" ps -a -q | wc -l)" = "$before"
done
finish
