# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/ipv6.sh WARREN: dual-stack networks as root. Container
# to container over IPv6 (by address and by name), --ip6 and the
# network's ip6= option, published ports on a host IPv6 address, on [::]
# and on [::1] (which Podman's DNAT cannot reach: the monitor's forwarder
# answers there, for IPv4-only containers too), masquerade to an IPv6
# world beyond the host, internal and isolated IPv6 networks.
. "$(dirname "$0")/lib.sh"
enter_throwaway_host "$0" "$@"
W=$1
container_test_setup ipv6
import_alpine_nginx sh wget true sleep


run $R network create --ipv6 --subnet 10.141.0.0/24 --subnet fd00:141::/64 d1
check_status 0
run $R network create --ipv6 --subnet 10.142.0.0/24 --subnet fd00:142::/64 d2
run $R run -d --name web --network d1 --ip6 fd00:141::50 -p 8141:80 -p '[::1]:8142:80' alpine_nginx
check_status 0
run $R inspect -f '{{.NetworkSettings.Networks.d1.GlobalIPv6Address}}/{{.NetworkSettings.Networks.d1.GlobalIPv6PrefixLen}} {{.NetworkSettings.Networks.d1.IPv6Gateway}}' web
check "--ip6: the static address, its prefix and gateway" test "$out" = "fd00:141::50/64 fd00:141::1"
run $R run --rm --network d1 alpine_nginx wget -qO- 'http://[fd00:141::50]/'
check "container to container over IPv6" test "$out" = "podman rulez"
run $R run --rm --network d1 alpine_nginx sh -c 'busybox wget -qO- "http://[$(busybox nslookup -type=aaaa web 2>/dev/null | busybox sed -n "s/^Address: \(fd00[^ ]*\)/\1/p" | busybox head -1)]/"'
check "by its AAAA record" test "$out" = "podman rulez"
run $R run --rm --network d1:ip6=fd00:141::77 alpine_nginx sh -c 'busybox ip -6 -o addr show eth0 scope global'
check_out_has "inet6 fd00:141::77/64"

# Published: a host IPv6 address, [::] and [::1].
check "a host IPv6 address" fetch 'http://[fd00:141::1]:8141'
check "[::1], for a port on every address" fetch 'http://[::1]:8141'
check "the page over [::1]" test "$out" = "podman rulez"
check "[::1], published there alone" fetch 'http://[::1]:8142'
check "127.0.0.1 still" fetch 'http://127.0.0.1:8141'
run $R port web
check_out_has "80/tcp -> [::1]:8142"
run $R run -d --name web4 -p '[::1]:8143:80' -p 8144:80 alpine_nginx
check_status 0
check "an IPv4-only container on [::1]" fetch 'http://[::1]:8143'
check "and on [::1] for every address" fetch 'http://[::1]:8144'
run $R rm -f -t 0 web4
check "the [::1] forwarder goes with the container" sh -c "! curl -s --max-time 1 'http://[::1]:8143' >/dev/null"
python3 -c 'import socket, time
s = socket.socket(socket.AF_INET6); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("::1", 8145)); s.listen(); time.sleep(30)' &
squatter=$!
for i in $(seq 50); do ss -Hltn 'sport = 8145' | grep -q . && break; sleep 0.1; done
run $R run -d --name web5 -p '[::1]:8145:80' alpine_nginx
check_status 126
check "a taken [::1] port: nothing left" test -z "$($R ps -a -q --filter name=web5)"
kill "$squatter"; wait "$squatter" 2>/dev/null

# Beyond the host: masquerade for IPv6, none from an internal network,
# none between two networks.
unshare --net timeout 110 sleep 110 &
world=$!
for i in $(seq 50); do [ "$(readlink /proc/$world/ns/net)" != "$(readlink /proc/self/ns/net)" ] && break; sleep 0.05; done
ip link add wout0 type veth peer name wout1 netns "$world"
ip addr add 2001:db8:9::1/64 dev wout0 nodad && ip link set wout0 up
nsenter --net=/proc/$world/ns/net ip addr add 2001:db8:9::2/64 dev wout1 nodad
nsenter --net=/proc/$world/ns/net ip link set wout1 up
nsenter --net=/proc/$world/ns/net ip link set lo up
mkdir -p "$tmp/www" && echo beyond6 >"$tmp/www/index.html"
nsenter --net=/proc/$world/ns/net timeout 110 busybox httpd -f -p '[2001:db8:9::2]:8000' -h "$tmp/www" &
httpd=$!
run $R run --rm --network d1 alpine_nginx sh -c 'busybox timeout 5 busybox wget -qO- "http://[2001:db8:9::2]:8000/"; exit $?'
check "IPv6 beyond the host, masqueraded" test "$out" = beyond6
run $R network create --internal --ipv6 --subnet 10.143.0.0/24 --subnet fd00:143::/64 i6
run $R run --rm --network i6 alpine_nginx sh -c 'busybox timeout 3 busybox wget -qO- "http://[2001:db8:9::2]:8000/"; exit $?'
check "an internal IPv6 network has no way out" test "$status" != 0
run $R run --rm --network d2 alpine_nginx sh -c 'busybox timeout 3 busybox wget -qO- "http://[fd00:141::50]/"; exit $?'
check "two IPv6 networks are isolated" test "$status" != 0
kill "$httpd" "$world" 2>/dev/null; wait "$httpd" "$world" 2>/dev/null

run $R rm -f -t 0 web
run $R network rm d1 d2 i6
network_nothing_left
finish
