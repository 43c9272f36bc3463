# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/crash.sh WARREN: the kill matrix. kill -9 of the CLI
# at any moment of `run -d -p` (0 to 250 ms in), of the monitor, of the
# DNS responder: the next commands (ps, rm -a) clean up everything, and
# nothing is left: no netns mount, veth, lease, nftables element,
# half-written record, temporary file or orphan directory. Each round
# asks for the same static address, so a leaked lease would fail the next
# with "IP already allocated".
. "$(dirname "$0")/lib.sh"
enter_throwaway_host "$0" "$@"
W=$1
container_test_setup crash
import_alpine_nginx sh wget true sleep

crash_nothing_left() {  # WHAT
  run $R ps -a -q
  run $R rm -a -f -t 0
  check "$1: no container left" test -z "$($R ps -a -q)"
  check "$1: no temporary file left" test -z "$(find "$tmp/root" "$tmp/run" -name '*.tmp-*' 2>/dev/null)"
  check "$1: no container directory left" test -z "$(ls "$tmp/root/containers" "$tmp/run/containers" 2>/dev/null | grep -E '^[0-9a-f]{64}$')"
  check "$1: no port element left" test -z "$(nft list map inet warren ports4 2>/dev/null | grep -o ' 81[0-9][0-9] ')"
  network_nothing_left
}

# A first create killed while writing the store's driver record leaves
# its temp file and no record: the next command removes it.
(exit 0) & dead=$!
wait $dead
mkdir -p "$tmp/root"
: >"$tmp/root/storage-driver.tmp-$dead-abc"
run $R ps -a
check "a dead writer's temp file of the driver record goes" test ! -e "$tmp/root/storage-driver.tmp-$dead-abc"

run $R network create --subnet 10.134.0.0/24 knet
check_status 0
# A command killed mid-write in a directory shared by all containers (the
# DNS responder's, the compiled seccomp profiles', the CNI results') leaves
# its temp file there: the next writer there removes it.
run $R run --rm --network knet alpine_nginx true
results=$(find "$tmp" -type d -name results | head -n 1)
for f in "$tmp/run/dns/generation" "$tmp/run/seccomp/abc" "$results/knet-abc-eth0"; do
  : >"$f.tmp-$dead-abc"
done
run $R run --rm --cap-add NET_RAW,NET_ADMIN --network knet alpine_nginx true
check_status 0
for f in "$tmp/run/dns/generation" "$tmp/run/seccomp/abc" "$results/knet-abc-eth0"; do
  check "a dead writer's temp file in ${f%/*} goes" test ! -e "$f.tmp-$dead-abc"
done
for d in 0 1 2 3 5 8 12 20 35 50 80 120 180 250; do
  # The CLI, killed d ms into run -d -p.
  $R run -d --name cli$d --network knet --ip 10.134.0.50 -p 8134:80 alpine_nginx >/dev/null 2>&1 &
  cli=$!
  sleep "0.$(printf %03d "$d")"
  kill -9 "$cli" 2>/dev/null
  wait "$cli" 2>/dev/null
  crash_nothing_left "CLI killed at +$d ms"
done
for d in 0 2 5 10 20 50 100 250; do
  # The monitor, killed d ms after run -d returned.
  run $R run -d --name mon$d --network knet --ip 10.134.0.50 -p 8135:80 alpine_nginx
  check_status 0
  id=$out
  mon=$(sed -n 's/.*"monitor":\([0-9]*\).*/\1/p' "$tmp/run/containers/$id/state.json")
  sleep "0.$(printf %03d "$d")"
  kill -9 "$mon"
  crash_nothing_left "monitor killed at +$d ms"
done
for d in 0 5 20 100; do
  # The DNS responder, killed while a container starts on its network.
  $R run -d --name dns$d --network knet --ip 10.134.0.50 alpine_nginx >/dev/null 2>&1 &
  cli=$!
  sleep "0.$(printf %03d "$d")"
  read -r responder _ <"$tmp/run/dns/pid" 2>/dev/null && kill -9 "$responder" 2>/dev/null
  wait "$cli"
  run $R run --rm --network knet alpine_nginx true
  check "responder killed at +$d ms: the next run works" test "$status" = 0
  crash_nothing_left "responder killed at +$d ms"
done
# After it all: the static address and the port are free.
run $R run -d --name last --network knet --ip 10.134.0.50 -p 8134:80 alpine_nginx
check_status 0
check "the port answers" fetch http://127.0.0.1:8134
run $R rm -f -t 0 last
run $R network rm knet
network_nothing_left
finish
