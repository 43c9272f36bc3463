#!/usr/bin/env bash
# scripts/demo-scenarios.sh: shared/SCENARIOS.md "As root", run by
# scripts/demo.sh inside a throwaway host: its own network and mount
# namespaces, a tmpfs over /var/lib (CNI leases and cache), and warren's
# state, run and network config dirs in a temp dir. The machine's own
# interfaces, nftables and /etc/cni are never touched.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d /tmp/warren-demo-XXXXXX)
mount -t tmpfs warren-demo-varlib /var/lib
export CONTAINERS_CONF=$tmp/containers.conf
: >"$CONTAINERS_CONF"
W="$PWD/build/cli/warren --root $tmp/root --runroot $tmp/run --network-config-dir $tmp/net"
cleanup() {
  $W rm -a -f -t 0 >/dev/null 2>&1 || true
  umount "$tmp/run/netns" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
ip link set lo up

step() { printf '\n# %s\n' "$*" | sed "s|$PWD/build/cli/warren --root $tmp/root --runroot $tmp/run --network-config-dir $tmp/net|warren|"; "$@"; }
fetch() {  # URL, retried while the server starts
  for _ in $(seq 25); do curl -s --max-time 2 "$1" && return 0; sleep 0.2; done
  return 1
}

# alpine_nginx, built here from busybox: httpd on port 80, EXPOSE 80.
mkdir -p "$tmp/fs/bin" "$tmp/fs/www"
cp "$(command -v busybox)" "$tmp/fs/bin/busybox"
for l in sh wget ip; do ln -s busybox "$tmp/fs/bin/$l"; done
echo "podman rulez" >"$tmp/fs/www/index.html"
tar -C "$tmp/fs" -cf "$tmp/fs.tar" .
step $W import --change 'CMD ["busybox","httpd","-f","-p","80","-h","/www"]' --change 'EXPOSE 80' "$tmp/fs.tar" alpine_nginx
step $W images

# Create, list and remove networks.
step $W network create
step $W network ls
step $W network rm cni-podman1

# Reach a container from the host through a published port.
step $W run -dt --rm --publish-all alpine_nginx
step $W port -l
port=$($W port -l | sed 's/.*://')
printf '\n# curl http://localhost:%s\n' "$port"
fetch "http://localhost:$port"

# Two containers on one network talk by IP.
step $W run -dt --rm --name nginx alpine_nginx
step $W inspect -f "{{.NetworkSettings.IPAddress}}" nginx
ip=$($W inspect -f "{{.NetworkSettings.IPAddress}}" nginx)
printf '\n# warren run --rm alpine_nginx wget -qO- http://%s\n' "$ip"
$W run --rm alpine_nginx wget -qO- "http://$ip"
step $W ps
step $W exec nginx ip -4 -o addr show eth0
step $W rm -a -f -t 0

# Containers in one pod share a network namespace and talk over localhost.
step $W run -dt --pod new:mypod --rm --name nginx alpine_nginx
printf '\n# warren run --pod mypod -i --rm alpine_nginx /bin/sh <<< "wget -qO- http://localhost"\n'
$W run --pod mypod -i --rm alpine_nginx /bin/sh <<<'for i in $(seq 25); do wget -qO- http://localhost && break; sleep 0.2; done'
step $W pod ps
step $W ps --pod

# On a network of their own, containers reach each other by name.
step $W network create demonet
step $W run -d --network demonet --name web alpine_nginx
printf '\n# warren run --rm --network demonet alpine_nginx wget -qO- http://web\n'
$W run --rm --network demonet alpine_nginx /bin/sh -c 'for i in $(seq 25); do wget -qO- http://web && break; sleep 0.2; done'
step $W pod rm -a -f -t 0
step $W rm -a -f -t 0
step $W network rm demonet
