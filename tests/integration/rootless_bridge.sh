# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/rootless_bridge.sh WARREN: bridge networks as a regular
# user (monitor/user_netns.h). Containers on a network reach each other by
# address and by name, and the world through the user-mode stack; published
# ports forward into the user's network namespace, keeping the client's
# address; network connect/disconnect, pods, two networks at once; the
# namespace made on first use and gone with the last container; nothing
# left after kill -9 of the monitor, the holder or the namespace's infra.
# Root makes a throwaway host (network and mount namespaces of its own,
# with 10.99.0.1 on a bridge standing for the LAN address) and runs the
# rest there as the unprivileged test user.
. "$(dirname "$0")/lib.sh"
enter_throwaway_host "$0" "$@"
if [ "$(id -u)" = 0 ]; then
  ip link set lo up
  ip link add rb0 type bridge && ip addr add 10.99.0.1/24 dev rb0 && ip link set rb0 up
  ip addr add fd99::1/64 dev rb0 nodad
  # The host's resolver: a stub on the LAN address answering every A
  # query with 10.99.0.77 (the throwaway host's resolv.conf points there).
  stubdir=$(mktemp -d /tmp/warren-rootless-bridge-dns-XXXXXX)
  printf 'nameserver 10.99.0.1\n' >"$stubdir/resolv.conf" && chmod -R a+rX "$stubdir"
  mount --bind "$stubdir/resolv.conf" /etc/resolv.conf
  start_stub_dns 10.99.0.1 10.99.0.77
  stub=$stub_dns_pid
  trap 'kill $stub 2>/dev/null; umount /etc/resolv.conf; rm -rf "$stubdir"' EXIT
fi
as_test_user "$0" "$@"
W=$1

state_of_own rootless-bridge
cleanup() {
  "$W" pod rm -a -f -t 0 >/dev/null 2>&1
  "$W" rm -a -f -t 0 >/dev/null 2>&1
  remove_tmp
}
trap cleanup EXIT
R=$W
netns_dir=$XDG_RUNTIME_DIR/warren/netns
holder_file=$XDG_RUNTIME_DIR/warren/user-netns/pid
holder_gone() {  # bounded: the holder looks again when nudged
  local i
  for i in $(seq 50); do [ ! -e "$holder_file" ] && return 0; sleep 0.1; done
  return 1
}
dead() {  # PID: gone or a zombie, bounded
  local i
  for i in $(seq 50); do
    case "$(cut -d')' -f2 "/proc/$1/stat" 2>/dev/null | cut -d' ' -f2)" in ''|Z|X) return 0 ;; esac
    sleep 0.1
  done
  return 1
}
left=""
none_left() {  # no process of warren's (the last ones end in the background)
  local i
  for i in $(seq 50); do
    left=$(pgrep -u "$(id -u)" -fa 'warren-(monitor|infra|dns|agent)') || return 0
    sleep 0.1
  done
  return 1
}

# alpine_nginx, with a CGI that prints the client's address.
mkdir -p "$tmp/fs/www/cgi-bin"
printf '#!/bin/sh\necho Content-Type: text/plain\necho\necho "$REMOTE_ADDR"\n' >"$tmp/fs/www/cgi-bin/ip"
chmod 755 "$tmp/fs/www/cgi-bin/ip"
import_alpine_nginx sh wget ip nslookup cat sleep true

run "$W" network create net1
check_status 0
check "no namespace of the user's before the first container" test ! -e "$holder_file"
run "$W" network doctor net1
check_status 0
check_out_has "ok    net1: the user's network namespace, and the network's bridge in it, come with the first container on the network"
run "$W" run -d --name web --network net1 -p 18091:80 alpine_nginx
check_status 0
check "the user's network namespace is there" test -s "$holder_file"
run "$W" run --rm --network net1 alpine_nginx sh -c 'ip -4 -o addr show eth0; ip route; cat /etc/resolv.conf'
check_status 0
check_out_has "inet 10.89.0."
check_out_has "default via 10.89.0.1 dev eth0"
check_out_has "nameserver 10.89.0.1"
check "no bridge or veth on the host" test -z "$(ip -o link show type veth; ip -o link show | grep podman1)"
web_ip=$("$W" inspect -f '{{.NetworkSettings.Networks.net1.IPAddress}}' web)
run "$W" run --rm --network net1 alpine_nginx wget -qO- "http://$web_ip"
check "by address" test "$out" = "podman rulez"
run "$W" run --rm --network net1 alpine_nginx wget -qO- http://web
check "by name, through the DNS responder inside" test "$out" = "podman rulez"
run "$W" run --rm --network net1 alpine_nginx nslookup example.test
check "other names: the responder asks the stack's forwarder, which asks the host's resolver" test "$(echo "$out" | grep -c 10.99.0.77)" -ge 1
run "$W" run --rm --network net1 alpine_nginx wget -qO- http://10.99.0.1:18091
check "out through the user-mode stack, to the host's port" test "$out" = "podman rulez"
# Published ports: the client's address is kept, but a loopback client's
# (no 127.x crosses into another namespace: the gateway stands for it).
check "a published port from the host's loopback" fetch http://127.0.0.1:18091/cgi-bin/ip
check_out_has "10.89.0.1"
check "from the host's address: that address" fetch http://10.99.0.1:18091/cgi-bin/ip
check_out_has "10.99.0.1"
check "from [::1] too" fetch 'http://[::1]:18091/'
check "its page" test "$out" = "podman rulez"
run "$W" exec web ip -4 -o addr show eth0
check_out_has "$web_ip/24"
# network doctor walks the user's namespace; its fixes run there.
run "$W" network doctor web
check_status 0
check_out_has "ok    net1/web: eth0 is up with $web_ip, and a default route"
check_out_has "ok    net1: warren's responder (pid"
infra=$(sed -n 2p "$holder_file" | cut -d' ' -f1)
nsenter -U -m -n --preserve-credentials -t "$infra" ip link set cni-podman1 down
run "$W" network doctor net1
check_status 1
check_out_has "fail  net1: bridge cni-podman1 is down; fix: nsenter -U -m -n --preserve-credentials -t $infra ip link set cni-podman1 up"
nsenter -U -m -n --preserve-credentials -t "$infra" ip link set cni-podman1 up
run "$W" network doctor net1
check "the fix it printed makes it pass" test "$status" = 0

# IPv6: a network made with --ipv6 gets its way out through the stack's
# IPv6 too (to a server on the host's IPv6 address).
run "$W" network create --ipv6 net6
check_status 0
busybox httpd -f -p '[fd99::1]:18096' -h "$tmp/fs/www" &
srv6=$!
run "$W" run --rm --network net6 alpine_nginx sh -c 'ip -6 route | grep default; wget -qO- "http://[fd99::1]:18096/"'
check_status 0
check_out_has "default via fd"
check_out_has "podman rulez"
kill "$srv6"
# Container to container over IPv6, by its AAAA record; its port on the
# host's IPv6 address.
run "$W" run -d --name web6 --network net6 -p 18097:80 alpine_nginx
check_status 0
web6=$("$W" inspect -f '{{.NetworkSettings.Networks.net6.GlobalIPv6Address}}' web6)
check "an IPv6 address ($web6)" test -n "$web6"
run "$W" run --rm --network net6 alpine_nginx sh -c "nslookup -type=aaaa web6 | grep -c '$web6'; wget -qO- 'http://[$web6]/'"
check "by its AAAA record and its IPv6 address" test "$out" = "$(printf '1\npodman rulez')"
check "its port on the host's IPv6 address" fetch 'http://[fd99::1]:18097/'
run "$W" rm -f -t 0 web6
check_status 0
run "$W" network rm net6
check_status 0

# Two networks, connect and disconnect, a pod.
run "$W" network create net2
check_status 0
run "$W" run --rm --network net1,net2 alpine_nginx sh -c 'ip -4 -o addr | grep -c " eth[01] "'
check "--network net1,net2: two interfaces" test "$out" = 2
run "$W" network connect net2 web
check_status 0
run "$W" exec web ip -4 -o addr show eth1
check_out_has "inet 10.89.1."
run "$W" run --rm --network net2 alpine_nginx wget -qO- http://web
check "reached on the connected network by name" test "$out" = "podman rulez"
run "$W" network disconnect net2 web
check_status 0
run "$W" exec web ip -o link show eth1
check "disconnected: no eth1" test "$status" != 0
run "$W" pod create --name bpod --network net1 -p 18092:80
check_status 0
run "$W" run -d --pod bpod alpine_nginx
check_status 0
check "a pod on the network, its port" fetch http://127.0.0.1:18092
run "$W" run --rm --network net1 alpine_nginx wget -qO- http://bpod
check "the pod by name" test "$out" = "podman rulez"
run "$W" pod rm -f -t 0 bpod
check_status 0
# Maps of its own on a bridge network: a user namespace nested in the
# user's network namespace's.
run "$W" run --rm --network net1 --userns keep-id alpine_nginx busybox id -u
check "keep-id on a bridge network" test "$out" = "$(id -u)"
run "$W" run -d --name nmweb --network net1 --userns nomap -p 18095:80 alpine_nginx sh -c 'echo nomap >/www/index.html; httpd -f -p 80 -h /www'
check_status 0
check "nomap on a bridge network: its published port" fetch http://127.0.0.1:18095
check "the page" test "$out" = nomap
run "$W" run --rm --network net1 alpine_nginx wget -qO- http://nmweb
check "nomap: by name from another container" test "$out" = nomap
run "$W" exec nmweb sh -c 'busybox id -u; cat /proc/self/uid_map'
check "nomap: exec as its root, the maps as given" test "$(echo "$out" | tr -s ' \n' ' ')" = "0 0 1 $(awk -F: -v u="$(id -un)" '$1 == u {print $3; exit}' /etc/subuid) "
run "$W" rm -f -t 0 nmweb
check_status 0
run "$W" pod create --name nmpod --network net1 --userns auto -p 18096:80
check_status 0
run "$W" run -d --pod nmpod alpine_nginx sh -c 'echo auto >/www/index.html; httpd -f -p 80 -h /www'
check_status 0
check "an auto pod on a bridge network: its published port" fetch http://127.0.0.1:18096
check "its page" test "$out" = auto
run "$W" run --rm --network net1 alpine_nginx wget -qO- http://nmpod
check "the auto pod by name" test "$out" = auto
run "$W" pod rm -f -t 0 nmpod
check_status 0
run "$W" pod create --name nspod --network net1 --userns "ns:/proc/self/ns/user"
check_err "Error: --userns ns:/proc/self/ns/user with bridge networks as a regular user is not supported by warren yet: use --network slirp4netns"
run "$W" run --rm --network net1 --userns "ns:/proc/self/ns/user" alpine_nginx true
check_status 125
check_err "Error: --userns ns:/proc/self/ns/user with bridge networks as a regular user is not supported by warren yet: use --network slirp4netns"

# --restart: the next run's monitor starts outside the user's namespace
# (it holds host ports), and the port and the name answer again.
run "$W" run -d --name rs --restart always --network net1 -p 18094:80 alpine_nginx sh -c 'httpd -p 80 -h /www; sleep 1; exit 3'
check_status 0
for i in $(seq 50); do [ "$("$W" inspect -f '{{.RestartCount}}' rs)" -ge 1 ] && break; sleep 0.1; done
run "$W" inspect -f '{{.RestartCount}} {{.State.Status}}' rs
check "restarted by its policy ($out)" test "${out%% *}" -ge 1
check "its port after the restart" fetch http://127.0.0.1:18094
run "$W" run --rm --network net1 alpine_nginx wget -qO- http://rs
check "its name after the restart" test "$out" = "podman rulez"
run "$W" rm -f -t 0 rs
check_status 0

# Gone with the last container, with nothing left.
run "$W" rm -f -t 0 web
check_status 0
check "the holder is gone with the last container" holder_gone
check "no netns entry left" test -z "$(ls "$netns_dir" 2>/dev/null)"
check "no lease left" test -z "$(find "$HOME/.local/share/warren" -path '*networks*' -name '10.*')"
check "no process of warren's left" none_left
[ -z "$left" ] || fail "left: $left"

# The kill matrix: the monitor, the holder, the namespace's infra.
run "$W" run -d --name k1 --network net1 alpine_nginx sleep 100
monitor=$("$W" inspect -f '{{.State.ConmonPid}}' k1)
kill -9 "$monitor"
run "$W" ps -a --format '{{.Names}} {{.Status}}'
check_out_has "k1 Exited (137)"
check "a killed monitor's namespace entry is reconciled" test -z "$(ls "$netns_dir" 2>/dev/null)"
check "and the holder goes" holder_gone
run "$W" rm k1
check_status 0
run "$W" run -d --name k2 --network net1 -p 18093:80 alpine_nginx
check_status 0
holder=$(head -1 "$holder_file" | cut -d' ' -f1)
kill -9 "$holder"
check "the holder is killed" dead "$holder"
run "$W" run --rm --network net1 alpine_nginx wget -qO- http://k2
check "the holder killed: the next container adopts the namespace, by name" test "$out" = "podman rulez"
check "a new holder" test "$(head -1 "$holder_file" | cut -d' ' -f1)" != "$holder"
run "$W" run --rm --network net1 alpine_nginx wget -qO- http://10.99.0.1:18093
check "its way out, through the user-mode stack again" test "$out" = "podman rulez"
check "and the port goes on" fetch http://127.0.0.1:18093
responder=$(cat "$XDG_RUNTIME_DIR/warren/dns/pid" | cut -d' ' -f1)
kill -9 "$responder"
check "the responder is killed" dead "$responder"
run "$W" run --rm --network net1 alpine_nginx wget -qO- http://k2
check "the responder killed: the next container starts another inside, names answer" test "$out" = "podman rulez"
infra=$(sed -n 2p "$holder_file" | cut -d' ' -f1)
kill -9 "$infra"
check "the infra killed: the holder goes" holder_gone
run "$W" run --rm --network net1 alpine_nginx sh -c 'ip -4 -o addr show eth0'
check "a new namespace for the next container" test "$status" = 0
run "$W" rm -f -t 0 k2
check_status 0
check "nothing left after the kills" holder_gone
check "no netns entry left after the kills" test -z "$(ls "$netns_dir" 2>/dev/null)"
check "no process of warren's left after the kills" none_left
[ -z "$left" ] || fail "left: $left"
# The CLI killed at any moment of run -d -p: the next commands clean up;
# each round asks for the same address, so a leaked lease would fail it.
for d in 0 5 20 50 120; do
  "$W" run -d --name cli$d --network net1 --ip 10.89.0.50 -p 18095:80 alpine_nginx >/dev/null 2>&1 &
  cli=$!
  sleep "0.$(printf %03d "$d")"
  kill -9 "$cli" 2>/dev/null
  wait "$cli" 2>/dev/null
  "$W" rm -a -f -t 0 >/dev/null 2>&1
  check "CLI killed at +$d ms: no container left" test -z "$("$W" ps -a -q)"
  check "CLI killed at +$d ms: the holder goes" holder_gone
  check "CLI killed at +$d ms: no netns entry left" test -z "$(ls "$netns_dir" 2>/dev/null)"
  check "CLI killed at +$d ms: no lease left" test -z "$(find "$HOME/.local/share/warren" -path '*networks*' -name '10.*')"
done
run "$W" run -d --name last --network net1 --ip 10.89.0.50 -p 18095:80 alpine_nginx
check "the address and the port are free after the kills" test "$status" = 0
check "and answer" fetch http://127.0.0.1:18095
run "$W" rm -f -t 0 last
check "no process of warren's left at the end" none_left
[ -z "$left" ] || fail "left: $left"
run "$W" network rm net1 net2
check_status 0
finish
