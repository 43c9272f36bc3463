# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/doctor.sh WARREN: network doctor on a healthy network
# (exit 0) and with each fault injected in the throwaway host, each named
# in its output with its fix, exit 1: another table's forward drop
# (iptables-style policy, a firewalld-style reject, a bridge table), an
# input drop for DNS, ip_forward off, the bridge down, route_localnet off,
# an overlapping route, port 53 on the gateway taken, no responder,
# warren's table gone; --format json; a container as the target. Then
# living beside others: a netavark-style podman0 on the default subnet,
# and a FORWARD policy drop with and without containers.conf's forward_accept.
. "$(dirname "$0")/lib.sh"
enter_throwaway_host "$0" "$@"
W=$1
container_test_setup doctor
import_alpine_nginx sh wget true sleep

# A netavark-style podman0 on 10.88.0.0/16: warren's first default-network
# run says so in one line, writes nothing, and the fix works.
ip link add podman0 type bridge
ip addr add 10.88.0.1/16 dev podman0
ip link set podman0 up
run $R run --rm alpine_nginx true
check_status 125
check_err "Error: network podman: subnet 10.88.0.0/16 is already routed by podman0 (10.88.0.0/16): set default_subnet under [network] in containers.conf, or use a network of its own (warren network create)"
check "no conflist written" test ! -e "$tmp/net/podman.conflist"
check "no cni-podman0 made" test -z "$(ip -o link show cni-podman0 2>/dev/null)"
printf '[network]\ndefault_subnet = "10.133.0.0/16"\n' >"$CONTAINERS_CONF"
run $R run --rm alpine_nginx busybox ip -4 -o addr show eth0
check_status 0
check_out_has "inet 10.133.0.2/16"
: >"$CONTAINERS_CONF"
rm -f "$tmp/net/podman.conflist"
ip link del podman0
ip link del cni-podman0
network_nothing_left

run $R network create --subnet 10.131.0.0/24 dnet
run $R network doctor dnet
check_status 0
check_out_has "ok    dnet: bridge cni-podman1 is made by the first container on the network"
run $R run -d --name web --network dnet -p 8131:80 alpine_nginx
check_status 0
run $R network doctor dnet
check_status 0
check_out_has "ok    dnet: net.ipv4.ip_forward is 1"
check_out_has "ok    dnet: bridge cni-podman1 is up"
check_out_has "ok    dnet/web: eth0 is up with 10.131.0.2, and a default route"
check_out_has "ok    dnet: route_localnet is on for cni-podman1: localhost ports answer"
check_out_has "ok    dnet: no other table's hook drops the network's packets"
check_out_has "ok    dnet: no other route overlaps the network's subnets"
check_out_has "answers on 10.131.0.1 port 53"
check_out_has "ok    warren's table holds what its state says"
check_out_lacks "fail"

# A Docker-style host: FORWARD's policy drop in iptables' table.
nft add table ip filter
nft add chain ip filter FORWARD '{ type filter hook forward priority 0; policy drop; }'
run $R network doctor dnet
check_status 1
check_out_has "fail  dnet: table ip filter chain FORWARD drops the network's forwarded packets"
check_out_has "(policy drop); warren's accept cannot overrule another table's drop; fix: iptables -I FORWARD -s 10.131.0.0/24 -j ACCEPT && iptables -I FORWARD -d 10.131.0.0/24 -j ACCEPT"
# Accepts that name the subnet (as the fix adds them) let it through.
nft insert rule ip filter FORWARD ip daddr 10.131.0.0/24 accept
nft insert rule ip filter FORWARD ip saddr 10.131.0.0/24 accept
run $R network doctor dnet
check_status 0
nft delete table ip filter
# A firewalld-style table: an unconditional reject last in its forward chain.
nft add table inet fwlike
nft add chain inet fwlike filter_FORWARD '{ type filter hook forward priority 10; }'
nft add rule inet fwlike filter_FORWARD ct state established,related accept
nft add rule inet fwlike filter_FORWARD counter reject
run $R network doctor dnet
check_status 1
check_out_has "table inet fwlike chain filter_FORWARD drops the network's forwarded packets"
check_out_has "(an unconditional reject rule in chain filter_FORWARD)"
check_out_has "fix: nft insert rule inet fwlike filter_FORWARD ip saddr 10.131.0.0/24 accept"
nft insert rule inet fwlike filter_FORWARD oifname "cni-podman*" accept
nft insert rule inet fwlike filter_FORWARD iifname cni-podman1 accept
run $R network doctor dnet
check_status 0
nft delete table inet fwlike
# Docker's own layout, by iptables: FORWARD's policy drop, its jumps to
# DOCKER-USER and DOCKER-ISOLATION-STAGE-1 (returning), an accept for
# docker0 only. Accepts in DOCKER-USER let the network through; a drop
# there is named.
iptables -P FORWARD DROP
iptables -N DOCKER-USER && iptables -A DOCKER-USER -j RETURN
iptables -N DOCKER-ISOLATION-STAGE-1 && iptables -A DOCKER-ISOLATION-STAGE-1 -j RETURN
iptables -A FORWARD -j DOCKER-USER && iptables -A FORWARD -j DOCKER-ISOLATION-STAGE-1
iptables -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
run $R network doctor dnet
check_status 1
check_out_has "table ip filter chain FORWARD drops the network's forwarded packets"
check_out_has "(policy drop)"
iptables -I DOCKER-USER -s 10.131.0.0/24 -j ACCEPT && iptables -I DOCKER-USER -d 10.131.0.0/24 -j ACCEPT
run $R network doctor dnet
check_status 0
iptables -F DOCKER-USER && iptables -A DOCKER-USER -j DROP
run $R network doctor dnet
check_status 1
check_out_has "(an unconditional drop rule in chain DOCKER-USER)"
iptables -F FORWARD && iptables -P FORWARD ACCEPT
iptables -X DOCKER-USER && iptables -X DOCKER-ISOLATION-STAGE-1
nft delete table ip filter
# A bridge table parts the containers of one bridge; an input drop, DNS.
nft add table bridge brx
nft add chain bridge brx brfwd '{ type filter hook forward priority 0; policy drop; }'
nft add table ip inx
nft add chain ip inx INPUT '{ type filter hook input priority 0; policy drop; }'
run $R network doctor dnet
check_status 1
check_out_has "table bridge brx chain brfwd drops frames between the network's containers at the forward hook (policy drop)"
check_out_has "table ip inx chain INPUT drops the containers' DNS queries to the gateway at the input hook (policy drop)"
check_out_has "fix: iptables -I INPUT -i cni-podman1 -p udp --dport 53 -j ACCEPT"
nft delete table bridge brx
nft delete table ip inx

# The host's own settings and links.
sysctl -qw net.ipv4.ip_forward=0
run $R network doctor dnet
check_status 1
check_out_has "fail  dnet: net.ipv4.ip_forward is 0"
check_out_has "fix: sysctl -w net.ipv4.ip_forward=1"
sysctl -qw net.ipv4.ip_forward=1
ip link set cni-podman1 down
run $R network doctor dnet
check_status 1
check_out_has "fail  dnet: bridge cni-podman1 is down; fix: ip link set cni-podman1 up"
ip link set cni-podman1 up
sysctl -qw net.ipv4.conf.cni-podman1.route_localnet=0
run $R network doctor dnet
check_status 1
check_out_has "route_localnet is off on cni-podman1: ports published on localhost do not answer there; fix: sysctl -w net.ipv4.conf.cni-podman1.route_localnet=1"
sysctl -qw net.ipv4.conf.cni-podman1.route_localnet=1
ip link add other0 type bridge
ip link set other0 up
ip addr add 10.131.0.129/25 dev other0
run $R network doctor dnet
check_status 1
check_out_has "fail  dnet: route 10.131.0.128/25 dev other0 overlaps the subnet 10.131.0.0/24"
ip link del other0

# Port 53 on the gateway: taken by another program, then by nobody.
read -r responder _ <"$tmp/run/dns/pid"; kill "$responder"
for i in $(seq 50); do [ -z "$(ss -Hlun 'sport = 53')" ] && break; sleep 0.1; done
python3 -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("10.131.0.1", 53)); time.sleep(60)' &
squatter=$!
for i in $(seq 50); do [ -n "$(ss -Hlun 'sport = 53')" ] && break; sleep 0.1; done
run $R network doctor dnet
check_status 1
check_out_has "fail  dnet: port 53 on 10.131.0.1 (udp) is held by python3 (pid $squatter): container names may not resolve"
kill "$squatter"; wait "$squatter" 2>/dev/null
run $R network doctor dnet
check_status 1
check_out_has "fail  dnet: nothing answers DNS on 10.131.0.1 port 53: container names do not resolve; fix: warren network reload --all"
run $R network reload --all
run $R network doctor dnet
check_status 0
check_out_has "answers on 10.131.0.1 port 53"

# warren's own table gone; reload puts it back.
nft delete table inet warren
run $R network doctor dnet
check_status 1
check_out_has "fail  warren's table is not as its state says: table inet warren is missing; fix: warren network reload --all"
run $R network reload --all
run $R network doctor dnet
check_status 0

# A container as the target; JSON for tools; what is neither.
run $R network doctor web
check_status 0
check_out_has "dnet/web: eth0 is up"
sysctl -qw net.ipv4.ip_forward=0
run $R network doctor --format json web
check_status 1
check "json: the failed check with its fix" python3 -c '
import json, sys
f = json.loads(sys.argv[1])
bad = [x for x in f if x["status"] == "fail"]
assert [x["check"] for x in bad] == ["forwarding"], bad
assert bad[0]["network"] == "dnet" and bad[0]["fix"] == "sysctl -w net.ipv4.ip_forward=1", bad
assert any(x["container"] == "web" and x["check"] == "interface" for x in f)' "$out"
sysctl -qw net.ipv4.ip_forward=1
run $R network doctor nope
check_status 125
check_err 'Error: no network or container with name or ID "nope" found: no such object'
run $R network doctor --format yaml dnet
check_status 125
check_err "Error: unknown --format yaml: only json is known"

run $R rm -f -t 0 web
run $R network rm dnet
network_nothing_left

# Beside a FORWARD policy drop: warned of once, at the network's first
# container; with containers.conf's forward_accept, warren's accepts go
# first in that chain, traffic to a server beyond the host gets through,
# and they go with the network. The "world" is a namespace of the test's.
unshare --net timeout 110 sleep 110 &
world=$!
for i in $(seq 50); do [ "$(readlink /proc/$world/ns/net)" != "$(readlink /proc/self/ns/net)" ] && break; sleep 0.05; done
wn() { nsenter --net=/proc/$world/ns/net "$@"; }
ip link add wout0 type veth peer name wout1 netns "$world"
ip addr add 192.0.2.1/24 dev wout0 && ip link set wout0 up
wn ip addr add 192.0.2.2/24 dev wout1 && wn ip link set wout1 up && wn ip link set lo up
wn ip route add default via 192.0.2.1
mkdir -p "$tmp/www" && echo beyond >"$tmp/www/index.html"
nsenter --net=/proc/$world/ns/net timeout 110 busybox httpd -f -p 192.0.2.2:8000 -h "$tmp/www" &
httpd=$!
nft add table ip filter
nft add chain ip filter FORWARD '{ type filter hook forward priority 0; policy drop; }'
run $R network create --subnet 10.132.0.0/24 fnet
run $R run --rm --network fnet alpine_nginx sh -c 'busybox timeout 3 busybox wget -qO- http://192.0.2.2:8000/; exit $?'
check "the drop keeps the container from the world" test "$status" != 0
check_err_has "WARN[0000] network fnet: table ip filter chain FORWARD (policy drop) drops its forwarded packets, and warren's accept cannot overrule another table's drop: set forward_accept = true under [network] in containers.conf, or see warren network doctor fnet"
run $R run --rm --network fnet alpine_nginx true
check "warned at the first container only" test -z "$err"
printf '[network]\nforward_accept = true\n' >"$CONTAINERS_CONF"
run $R run --rm --network fnet alpine_nginx sh -c 'busybox timeout 3 busybox wget -qO- http://192.0.2.2:8000/; exit $?'
check_status 0
check "forward_accept: the world answers" test "$out" = beyond
check "the accepts are first in FORWARD, with their comment" sh -c \
  "nft list chain ip filter FORWARD | grep -A1 'policy drop' | grep -q 'ip saddr 10.132.0.0/24 accept comment \"warren-accept fnet\"'"
run $R run --rm --network fnet alpine_nginx true
check "put there once" test "$(nft list chain ip filter FORWARD | grep -c warren-accept)" = 2
run $R network doctor fnet
check_status 0
run $R network rm fnet
check "the accepts go with the network" test "$(nft list chain ip filter FORWARD | grep -c warren-accept)" = 0
printf '[network]\nforward_accept = "yes"\n' >"$CONTAINERS_CONF"
run $R network ls
check_status 125
check_err "Error: $CONTAINERS_CONF: forward_accept must be true or false"
: >"$CONTAINERS_CONF"
kill "$httpd" "$world" 2>/dev/null; wait "$httpd" "$world" 2>/dev/null
nft delete table ip filter
network_nothing_left
finish
