#!/usr/bin/env bash
# scripts/demo-network.sh: the published-port part of the demo, run by
# scripts/demo.sh inside a throwaway host namespace. warren-cni is called
# exactly as a CNI runtime calls plugins: one executable per type, the
# result of each passed to the next as prevResult.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d /tmp/warren-demo-XXXXXX)
httpd_pid=
cleanup() {
  [ -n "$httpd_pid" ] && kill "$httpd_pid" 2>/dev/null || true
  umount "$tmp/ctr" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

mkdir -p "$tmp/bin" "$tmp/www" "$tmp/ipam"
for t in bridge portmap firewall; do ln -s "$PWD/build/cni/warren-cni" "$tmp/bin/$t"; done
echo "podman rulez" > "$tmp/www/index.html"
ip link set lo up

# The "container": a network namespace bind-mounted on a file, with httpd.
touch "$tmp/ctr"
unshare --net="$tmp/ctr" true
nsenter --net="$tmp/ctr" ip link set lo up
nsenter --net="$tmp/ctr" busybox httpd -f -p 80 -h "$tmp/www" &
httpd_pid=$!

cni() {  # TYPE COMMAND CONFIG
  printf '%s' "$3" | CNI_COMMAND=$2 CNI_CONTAINERID=demo CNI_NETNS="$tmp/ctr" CNI_IFNAME=eth0 \
    CNI_PATH="$tmp/bin" "$tmp/bin/$1"
}
net='"cniVersion":"0.4.0","name":"podman"'
bridge="{$net,\"type\":\"bridge\",\"bridge\":\"cni-podman0\",\"isGateway\":true,\"ipMasq\":true,\"hairpinMode\":true,
  \"ipam\":{\"type\":\"host-local\",\"routes\":[{\"dst\":\"0.0.0.0/0\"}],\"ranges\":[[{\"subnet\":\"10.88.0.0/16\",\"gateway\":\"10.88.0.1\"}]],\"dataDir\":\"$tmp/ipam\"}}"
ports='"runtimeConfig":{"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp"}]}'

printf '\n# ADD: bridge, then portmap and firewall with the previous result\n'
r1=$(cni bridge ADD "$bridge")
echo "$r1"
pm="{$net,\"type\":\"portmap\",\"capabilities\":{\"portMappings\":true},$ports,\"prevResult\":$r1}"
r2=$(cni portmap ADD "$pm")
fw="{$net,\"type\":\"firewall\",\"prevResult\":$r2}"
cni firewall ADD "$fw" >/dev/null

printf '\n$ curl http://localhost:8080\n'
curl -s --max-time 5 http://localhost:8080
printf '\n$ nft list map inet warren ports4\n'
nft list map inet warren ports4

printf '\n# DEL, in reverse order; warren table keeps its rules, loses the elements\n'
cni firewall DEL "$fw"
cni portmap DEL "$pm"
cni bridge DEL "$bridge"
nft list map inet warren ports4
if curl -s --max-time 2 http://localhost:8080 >/dev/null; then
  echo "port still answers after DEL" >&2
  exit 1
fi
echo "port 8080 no longer answers: nothing left behind"
