# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/networks.sh WARREN: shared/SCENARIOS.md "As root",
# literally, then networks and published ports flag by flag, the errors
# with Podman's words and codes, and after each failure a check that
# nothing is left (veth, nftables element, lease, netns mount, record).
# Runs in a throwaway host: its own network and mount namespaces, with
# every warren dir in a temp dir (leases and libcni's cache under
# ROOT/cni, as --root puts them).
. "$(dirname "$0")/lib.sh"
enter_throwaway_host "$0" "$@"
W=$1
container_test_setup net

import_alpine_nginx sh wget nc true sleep
nothing_left() { network_nothing_left; }

# Create, list and remove networks; create answers with the network's name
# (Podman 4's), the conflist is where network inspect says.
run $R network create
check_status 0
check "create prints the name" test "$out" = "cni-podman1"
check "the conflist is there" test -f "$tmp/net/cni-podman1.conflist"
run $R network ls
check_out_has "NETWORK ID    NAME         DRIVER"
check_out_has "cni-podman1  bridge"
check_out_has "podman       bridge"
run $R network rm cni-podman1
check_status 0
check_out_has "cni-podman1"
check "the conflist is gone" test ! -e "$tmp/net/cni-podman1.conflist"

# Reach a container from the host through a published port.
run $R run -dt --rm --publish-all alpine_nginx
check_status 0
check "run -d prints the 64-hex id" test ${#out} -eq 64
id=$out
check "its lease is under --root" grep -rq "$id" "$tmp/root/cni/networks/podman"
check "its result is cached under --root" test -n "$(ls "$tmp/root/cni/results" | grep -- "-$id-eth0")"
check "nothing of it in /var/lib/cni" test -z "$(grep -rl "$id" /var/lib/cni 2>/dev/null)"
run $R port -l
case "$out" in "80/tcp -> 0.0.0.0:"[0-9]*) checks=$((checks + 1)) ;; *) fail "port -l: $out" ;; esac
port=${out##*:}
check "curl http://localhost:PORT" fetch "http://localhost:$port"
check "the page" test "$out" = "podman rulez"
run $R ps --format '{{.Ports}}'
check "ps PORTS" test "$out" = "0.0.0.0:$port->80/tcp"

# Two containers on one network talk by IP.
run $R run -dt --rm --name nginx alpine_nginx
run $R inspect -f "{{.NetworkSettings.IPAddress}}" nginx
ip=$out
case "$ip" in 10.88.0.[0-9]*) checks=$((checks + 1)) ;; *) fail "IPAddress: $ip" ;; esac
run $R run --rm alpine_nginx wget -qO- "http://$ip"
check_status 0
check "one container fetches from the other" test "$out" = "podman rulez"
run $R inspect -f '{{.NetworkSettings.Networks.podman.IPAddress}} {{.NetworkSettings.Networks.podman.Gateway}} {{.NetworkSettings.IPPrefixLen}}' nginx
check "inspect Networks" test "$out" = "$ip 10.88.0.1 16"
run $R run --rm alpine_nginx sh -c 'busybox grep host.containers.internal /etc/hosts; busybox grep "$(busybox hostname)" /etc/hosts'
check_out_has "$(printf '10.88.0.1\thost.containers.internal')"
check_out_has "$(printf '\t')"
run $R rm -a -f -t 0
nothing_left

# -p forms: a fixed port, a host address, a range, a random port on an address.
run $R run -d --name web -p 8080:80 -p 127.0.0.1:8081:80 -p 9000-9001:80-81 -p 127.0.0.1::80 alpine_nginx
check_status 0
check "8080" fetch http://127.0.0.1:8080
check "127.0.0.1:8081" fetch http://127.0.0.1:8081
check "the range" fetch http://127.0.0.1:9000
run $R port web 80
check_out_has "0.0.0.0:8080"
run $R port web 99
check_status 125
check_err 'Error: failed to find published port "99"'
run $R port web abc
check_status 125
check_err 'Error: strconv.ParseUint: parsing "abc": invalid syntax'
run $R port web 70000
check_err 'Error: strconv.ParseUint: parsing "70000": value out of range'
run $R port -a web
check_status 125
check_err 'Error: no arguments are needed with --all'
run $R port web 80 81
check_status 125
check_err 'Error: `port` accepts at most 2 arguments'
run $R port web
check_out_has "81/tcp -> 0.0.0.0:9001"
check_out_has "80/tcp -> 127.0.0.1:"
run $R inspect -f '{{json .HostConfig.PortBindings}}' web
check_out_has '"81/tcp":[{"HostIp":"","HostPort":"9001"}]'
# Mappings normalized as Podman's: one key a container port, runs joined.
run $R create --name twoports -p 8085:80 -p 8084:80 -p 9001:91 -p 9000:90 alpine_nginx
check_status 0
run $R inspect -f '{{json .HostConfig.PortBindings}}' twoports
check "one key for both host ports of 80/tcp" test "$out" = '{"80/tcp":[{"HostIp":"","HostPort":"8084"},{"HostIp":"","HostPort":"8085"}],"90/tcp":[{"HostIp":"","HostPort":"9000"}],"91/tcp":[{"HostIp":"","HostPort":"9001"}]}'
run $R ps -a --filter name=twoports --format '{{.Ports}}'
check_out_has "0.0.0.0:8084->80/tcp, 0.0.0.0:8085->80/tcp, 0.0.0.0:9000-9001->90-91/tcp"
run $R port twoports
check "a container not running has no ports to show" test -z "$out"
run $R rm twoports
# Exposed ports not published: null in NetworkSettings.Ports, as Podman's.
run $R create --name exposedonly --expose 81 alpine_nginx
run $R inspect -f '{{json .NetworkSettings.Ports}}' exposedonly
check "exposed ports are listed unpublished" test "$out" = '{"80/tcp":null,"81/tcp":null}'
run $R rm exposedonly
run $R create -p 8080-8082:80-82 -p 8081:90 alpine_nginx
check_status 125
check_err "Error: conflicting port mappings for host port 8081 (protocol tcp)"
# A taken host port: refused, nothing left, the other keeps working.
run $R run -d --name clash -p 8080:80 alpine_nginx
check_status 126
check_err "Error: cannot listen on the TCP port: listen tcp4 :8080: bind: address already in use"
run $R ps -a --format '{{.Names}}'
check "the refused container is gone" test "$out" = "web"
# start and pod start report it as their own failure, naming the container.
run $R create --name clash -p 8080:80 alpine_nginx
clash=$out
run $R start clash
check_status 125
check_err "Error: unable to start container \"$clash\": cannot listen on the TCP port: listen tcp4 :8080: bind: address already in use"
run $R rm clash
run $R pod create --name clashpod -p 8080:80
run $R pod inspect --format '{{.InfraContainerID}}' clashpod
infra=$out
run $R pod start clashpod
check_status 125
check_err "Error: starting container $infra: cannot listen on the TCP port: listen tcp4 :8080: bind: address already in use"
run $R pod rm clashpod
check_status 0
check "the first one still answers" fetch http://127.0.0.1:8080
run $R run --rm -p 70000:80 alpine_nginx true
check_status 125
check_err "Error: parsing host port: port numbers must be between 1 and 65535 (inclusive), got 70000"
run $R run --rm -p 8080-8082:80-81 alpine_nginx true
check_err "Error: host and container port ranges have different lengths: 3 vs 2"
run $R run --rm -p 8080:80/foo alpine_nginx true
check_err 'Error: unrecognized protocol "foo" in port mapping'
run $R run --rm --network none -p 80 alpine_nginx true
check_status 0
check_err "Port mappings have been discarded as one of the Host, Container, Pod, and None network modes are in use"
run $R rm -f -t 0 web
nothing_left

# User networks: create with every option, run on them, errors. (A dead
# writer's temp conflist is swept by the next create, under its lock.)
mkdir -p "$tmp/net" && touch "$tmp/net/old.conflist.tmp-999999999-abc"
run $R network create --label a=b --subnet 10.99.0.0/24 --gateway 10.99.0.254 --ip-range 10.99.0.128/25 --opt mtu=1400 mynet
check_status 0
check "a dead writer's temp conflist is gone" test ! -e "$tmp/net/old.conflist.tmp-999999999-abc"
run $R network inspect mynet --format '{{.NetworkInterface}}'
check "Go's field names reach the JSON's snake_case keys, as in Podman" test "$out" = cni-podman1
run $R network inspect mynet --format '{{.network_interface}} {{range .subnets}}{{.gateway}}{{end}} {{.labels.a}}'
check "inspect" test "$out" = "cni-podman1 10.99.0.254 b"
run $R run --rm --network mynet alpine_nginx sh -c 'busybox ip -4 -o addr show eth0; busybox cat /sys/class/net/eth0/mtu'
check_out_has "inet 10.99.0.129/24"
check_out_has "1400"
run $R run --rm --network mynet --ip 10.99.0.200 alpine_nginx busybox ip -4 -o addr show eth0
check_out_has "inet 10.99.0.200/24"
# A failure to attach names the network (Podman names it too).
run $R run -d --name holder --network mynet --ip 10.99.0.201 alpine_nginx
run $R run --rm --network mynet --ip 10.99.0.201 alpine_nginx true
check_status 125
case "$err" in "Error: attach network mynet: "*"10.99.0.201"*) checks=$((checks + 1)) ;; *) fail "attach failure names the network: $err" ;; esac
check "the failed attachment: one line" test "$(printf '%s\n' "$err" | wc -l)" = 1
run $R rm -f -t 0 holder
run $R run --rm --network mynet --mac-address 92:d0:c6:0a:29:33 alpine_nginx busybox cat /sys/class/net/eth0/address
check "--mac-address" test "$out" = "92:d0:c6:0a:29:33"
run $R run --rm --network podman,mynet alpine_nginx sh -c 'busybox ip -4 -o addr | busybox grep -c eth'
check "two networks, eth0 and eth1" test "$out" = 2
run $R network create --ipv6 --subnet 10.98.0.0/24 --subnet fd00:98::/64 dual
check_status 0
run $R run --rm --network dual alpine_nginx sh -c 'busybox ip -o addr show eth0 | busybox grep -o "inet6* [^ ]*"'
check_out_has "inet 10.98.0.2/24"
check_out_has "inet6 fd00:98::2/64"
run $R run -d --name v6web --network dual -p 8096:80 alpine_nginx
check_status 0
check "a published port over IPv6, to the host's own address" fetch 'http://[fd00:98::1]:8096'
run $R rm -f -t 0 v6web
run $R run --rm alpine_nginx sh -c 'busybox ip -o addr show eth0 | busybox grep -c inet6'
check "an IPv4-only attachment has no IPv6 address, not even link-local" test "$out" = 0
run $R network rm dual
run $R network exists mynet
check_status 0
run $R network exists nope
check_status 1
for bad in "mynet|Error: network name mynet already used: network already exists" \
  "--subnet 10.99.0.0/33 x1|Error: invalid CIDR address: 10.99.0.0/33" \
  "--subnet 10.77.0.0/24 --gateway 10.1.1.1 x2|Error: gateway 10.1.1.1 not in subnet 10.77.0.0/24" \
  "--subnet 10.99.0.0/25 x3|Error: subnet 10.99.0.0/25 is already used on the host or by another config" \
  "a/b|Error: network name a/b invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument" \
  "../x|Error: network name ../x invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument" \
  "--driver foo x4|Error: unsupported driver foo: invalid argument" \
  "--gateway 10.1.1.1 x6|Error: cannot set gateway or range without subnet" \
  "--opt foo=bar x9|Error: unsupported network option foo"; do
  run $R network create ${bad%%|*}
  check_status 125
  check_err "${bad#*|}"
done
check "nothing written" test "$(ls "$tmp/net" | sort | tr '\n' ' ')" = "cni.lock mynet.conflist podman.conflist "
run $R run --rm --network nope alpine_nginx true
check_status 125
check_err "Error: unable to find network with name or ID nope: network not found"
run $R network rm podman
check_status 125
check_err "Error: default network podman cannot be removed"
run $R run -d --name user --network mynet alpine_nginx
run $R ps --filter network=mynet --format '{{.Names}} {{.Networks}}'
check "ps --filter network=, .Networks" test "$out" = "user mynet"
run $R network rm mynet
check_status 2
check_err 'Error: "mynet" has associated containers with it. Use -f to forcibly delete containers and pods: network is being used'
run $R network rm -f mynet
check_status 0
run $R ps -a -q
check "network rm -f removed its container" test -z "$out"
check "and the bridge" test -z "$(ip -o link show cni-podman1 2>/dev/null)"
nothing_left
run $R network create --label keep=1 kept
run $R network create gone
run $R network prune -f --filter label=keep
check "prune by label" test "$out" = "kept"
run $R network prune -f
check "prune: all unused but the default" test "$out" = "gone"

# connect and disconnect on a running container; reload after the table went away.
run $R network create n2
run $R run -d --name multi -p 8095:80 alpine_nginx
run $R network connect n2 multi
check_status 0
run $R exec multi busybox ip -4 -o addr show eth1
check_out_has "inet 10.89."
run $R inspect -f '{{.NetworkSettings.Networks.n2.IPAddress}} {{.NetworkSettings.Networks.podman.IPAddress}}' multi
case "$out" in "10.89."*" 10.88."*) checks=$((checks + 1)) ;; *) fail "inspect after connect: $out" ;; esac
# The templates scripts write (issue 21's step 6): a field of a parenthesised
# index, range over a map with both variables (in key order), else of with.
run $R inspect -f '{{(index .NetworkSettings.Networks "n2").IPAddress}}|{{range $name, $n := .NetworkSettings.Networks}}{{$name}}={{if $n.IPAddress}}up{{end}} {{end}}|{{with index .NetworkSettings.Networks "nope"}}x{{else}}none{{end}}|{{printf "%-4s|" .State.Status}}{{len .NetworkSettings.Networks}}' multi
case "$out" in "10.89."*"|n2=up podman=up |none|running|2") checks=$((checks + 1)) ;; *) fail "templates over networks: $out" ;; esac
run $R network connect n2 multi
check_status 125
check_err "Error: container $($R inspect -f '{{.Id}}' multi) is already connected to network \"n2\": network is already connected"
run $R network disconnect n2 multi
check_status 0
run $R exec multi busybox ip -o link show eth1
check "eth1 is gone" test "$status" != 0
run $R network disconnect n2 multi
check_status 125
check_err "Error: container multi is not connected to network n2"
run $R network connect nope multi
check_err "Error: unable to find network with name or ID nope: network not found"
nft delete table inet warren
check "the port is gone with the table" sh -c '! curl -s --max-time 1 http://127.0.0.1:8095 >/dev/null'
run $R network reload multi
check_status 0
check "reload prints the id" test ${#out} -eq 64
check "reload brings the port back" fetch http://127.0.0.1:8095
nft delete table inet warren
run $R run --rm alpine_nginx true
check "a run puts a vanished table back, with the others' ports" fetch http://127.0.0.1:8095
run $R network create driftcheck
nft delete table inet warren
run $R network rm driftcheck
check "a network command repairs the table first" fetch http://127.0.0.1:8095
run $R create --name idle alpine_nginx
run $R network reload idle
check_status 125
check_err "Error: cannot reload network unless container network has been configured: container state improper"
run $R rm -f -t 0 multi idle
run $R network rm n2
nothing_left

# Podman's per-network options: --network NAME:ip=,mac=,alias=,interface_name=,
# --network given again for each further network; the errors in its words.
run $R network create --subnet 10.126.0.0/24 o1
run $R network create --subnet 10.127.0.0/24 o2
run $R run -d --name opts --network o1:ip=10.126.0.50,mac=02:11:22:33:44:55,alias=db,alias=sql,interface_name=lan0 \
  --network o2:ip=10.127.0.9 alpine_nginx
check_status 0
run $R exec opts busybox ip -4 -o addr show lan0
check_out_has "inet 10.126.0.50/24"
run $R exec opts busybox cat /sys/class/net/lan0/address /proc/net/dev
check_out_has "02:11:22:33:44:55"
check_out_has "eth0:"
run $R exec opts busybox ip -4 -o addr show eth0
check_out_has "inet 10.127.0.9/24"
run $R inspect -f '{{json (index .NetworkSettings.Networks "o1").Aliases}}' opts
check "alias= options, then the short id" test "$out" = "[\"db\",\"sql\",\"$($R inspect -f '{{printf "%.12s" .Id}}' opts)\"]"
run $R run --rm --network o1 alpine_nginx wget -qO- http://db
check "an alias= answers on its network" test "$out" = "podman rulez"
run $R rm -f -t 0 opts
for bad in "--network none --network o1|cannot set multiple networks without bridge network mode, selected mode none: invalid argument" \
           "--network o1 --network host|can only set extra network names, selected mode host conflicts with bridge: invalid argument" \
           "--network :ip=10.126.0.4|network name cannot be empty" \
           "--network o1:bogus=1|invalid option for network o1: unknown bridge network option: bogus" \
           "--network o1:ip=1.2.3|invalid option for network o1: invalid ip address \"1.2.3\"" \
           "--network o1:alias=|invalid option for network o1: alias cannot be empty" \
           "--network o1:mac=zz|invalid option for network o1: address zz: invalid MAC address" \
           "--network o1:interface_name=a/b|invalid option for network o1: interface name \"a/b\" invalid: interface names cannot be . or .. or contain /, : or whitespace: invalid argument" \
           "--network o1:interface_name=e1 --network o2:interface_name=e1|interface name e1 is given to networks o1 and o2: invalid argument"; do
  run $R run --rm ${bad%%|*} alpine_nginx true
  check_status 125
  check_err "Error: ${bad#*|}"
done
run $R run --rm --network private alpine_nginx true
check "--network private: the default network" test "$status" = 0
run $R run --rm --network default alpine_nginx true
check "--network default: the default network" test "$status" = 0
run $R network rm o1 o2
nothing_left

# A killed monitor: the next command tears its network down.
run $R run -d --name victim -p 8090:80 alpine_nginx
victim=$out
mon=$(sed -n 's/.*"monitor":\([0-9]*\).*/\1/p' "$tmp/run/containers/$victim/state.json")
kill -9 "$mon"
run $R ps -a --format '{{.Names}} {{.Status}}'
check_out_has "victim Exited (137)"
run $R rm victim
nothing_left

# network connect racing the container's end: whichever comes first, the
# end tears down every network the container was on when it ended (both
# hold the container's lock), and the record keeps the network. The end
# comes from a kill a few milliseconds into the connect, a step later
# each round, so that some rounds land inside its attach.
run $R network create --subnet 10.125.0.0/24 racenet
for d in 0 1 2 3 4 5 6 7 8 9 10 12 14 16 18 20; do
  run $R run -d --name racer alpine_nginx busybox sleep 100
  racer=$out
  pid=$(sed -n 's/.*"pid":\([0-9]*\).*/\1/p' "$tmp/run/containers/$racer/state.json")
  $R network connect racenet racer >/dev/null 2>&1 &
  connect=$!
  sleep "0.$(printf %03d "$d")"
  kill -9 "$pid"
  wait $connect
  $R wait racer >/dev/null
  check "kill at +$d ms: no network left in the state" grep -q '"networks":\[\]' "$tmp/run/containers/$racer/state.json"
  check "kill at +$d ms: the record keeps the network" grep -q '"racenet"' "$tmp/root/containers/$racer/config.json"
  run $R rm racer
  network_nothing_left
done
run $R network rm racenet

# The default network's name from containers.conf.
printf '[network]\ndefault_network = "other"\ndefault_subnet = "10.123.0.0/24"\n' >"$CONTAINERS_CONF"
run $R network ls --format '{{.Name}}'
check_out_has "other"
run $R run --rm alpine_nginx busybox ip -4 -o addr show eth0
check_out_has "inet 10.123.0.2/24"
printf '[network\n' >"$CONTAINERS_CONF"
run $R network ls
check_status 125
case "$err" in "Error: $CONTAINERS_CONF:1:"*) checks=$((checks + 1)) ;; *) fail "malformed containers.conf: $err" ;; esac
: >"$CONTAINERS_CONF"

# 30 at once on one network: 30 addresses, 30 answering ports.
for i in $(seq 30); do $R run -d --name p$i -p $((18000 + i)):80 alpine_nginx >"$tmp/p$i.out" 2>&1 & done
wait
failed=$(grep -l Error "$tmp"/p*.out)
check "30 runs at once, no error ($failed)" test -z "$failed"
addrs=$(for i in $(seq 30); do $R inspect -f '{{.NetworkSettings.IPAddress}}' p$i; done | sort -u | wc -l)
check "30 distinct addresses" test "$addrs" = 30
answered=0
for i in $(seq 30); do fetch "http://127.0.0.1:$((18000 + i))" && answered=$((answered + 1)); done
check "30 answering ports ($answered)" test "$answered" = 30
run $R rm -a -f -t 0
nothing_left

# A thousand published ports: the batch pages its elements into several
# messages (one message once overran its buffer at about 40 ports). The
# first and the last port answer, and teardown leaves nothing.
run $R run -d --name wide -p 20000-20999:20000-20999 alpine_nginx \
  sh -c 'busybox httpd -p 20000 -h /www; busybox httpd -f -p 20999 -h /www'
check_status 0
check "a thousand ports: the first answers" fetch "http://localhost:20000"
check "a thousand ports: the last answers" fetch "http://localhost:20999"
check "a thousand ports: the page" test "$out" = "podman rulez"
run $R port wide 20999/tcp
check "a thousand ports: port shows the last" test "$out" = "0.0.0.0:20999"
run $R rm -f -t 0 wide
check_status 0
nothing_left
check "a thousand ports: no port element left" test -z "$(nft list map inet warren ports4 2>/dev/null | grep -o '20[0-9][0-9][0-9]')"

finish
