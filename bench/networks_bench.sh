#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/networks_bench.sh WARREN [N]: networking times, warren beside
# Podman 4.3 with its CNI backend (when installed) in the same run, then
# N containers (default 1000) on one network with a published port each.
# Run as root, by hand (bench/README.md); never a timed test. Everything
# happens in a throwaway host: its own network and mount namespaces, with
# tmpfs over /var/lib and /run, and every state and config dir temporary.
set -u
W=${1:?usage: networks_bench.sh WARREN [N]}
N=${2:-1000}
ROUNDS=${ROUNDS:-11}
if [ -z "${WARREN_IN_THROWAWAY:-}" ]; then
  WARREN_IN_THROWAWAY=1 exec unshare --net --mount --propagation private bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
W=$(realpath "$W")
throwaway_bench_state

mkdir -p "$tmp/fs/bin" "$tmp/fs/etc" "$tmp/fs/proc" "$tmp/fs/sys" "$tmp/fs/dev" "$tmp/fs/www"
touch "$tmp/fs/etc/hosts" "$tmp/fs/etc/hostname" "$tmp/fs/etc/resolv.conf"
cp "$(command -v busybox)" "$tmp/fs/bin/busybox"
for l in sh true sleep httpd; do ln -s busybox "$tmp/fs/bin/$l"; done
echo "podman rulez" >"$tmp/fs/www/index.html"
tar -C "$tmp/fs" -cf "$tmp/fs.tar" .
$R import --change 'CMD ["httpd","-f","-p","80","-h","/www"]' --change 'EXPOSE 80' "$tmp/fs.tar" web >/dev/null
[ -n "$P" ] && $P import --change 'CMD ["httpd","-f","-p","80","-h","/www"]' --change 'EXPOSE 80' "$tmp/fs.tar" web >/dev/null 2>&1

# Until the published port answers an HTTP GET (bounded): bash's own
# /dev/tcp, every 2 ms, so that no client's start-up (curl's is some 4 ms)
# is in what is measured, for either tool.
until_http() {
  local i line
  for i in $(seq 2500); do
    if exec 3<>"/dev/tcp/127.0.0.1/$1" 2>/dev/null; then
      printf 'GET / HTTP/1.0\r\n\r\n' >&3
      read -r -t 1 line <&3
      exec 3<&-
      case "$line" in HTTP/*" 200"*) return 0 ;; esac
    fi
    sleep 0.002
  done
  return 1
}
remove() {  # CLI ID
  $1 rm -f -t 0 "$2" >/dev/null 2>&1 || $1 rm -f "$2" >/dev/null 2>&1
}

round() {
  local tool=$1 cli=$R ul=
  [ "$tool" = podman ] && cli=$P && ul="--ulimit host"
  timed "$tmp/$tool.bridge" $cli run --rm $ul web true
  timed "$tmp/$tool.none" $cli run --rm $ul --network none web true
  local t0 t1 id
  t0=${EPOCHREALTIME/./}000; id=$($cli run -d $ul -p 18080:80 web) && until_http 18080; t1=${EPOCHREALTIME/./}000
  ms "$t0" "$t1" >>"$tmp/$tool.http"
  remove "$cli" "$id"
  timed "$tmp/$tool.create" $cli network create benchnet
  timed "$tmp/$tool.ls" $cli network ls
  timed "$tmp/$tool.rm" $cli network rm benchnet
  # Back to back, as a script's loop runs them: the second and third of
  # three (last in the round: the ends of these three would weigh on the
  # steps above).
  $cli run --rm $ul web true >/dev/null 2>&1
  timed "$tmp/$tool.b2b" $cli run --rm $ul web true
  timed "$tmp/$tool.b2b" $cli run --rm $ul web true
}

echo "networking, median of $ROUNDS rounds, alternating (ms)"
for i in $(seq "$ROUNDS"); do
  round warren
  [ -n "$P" ] && round podman
done
printf '%-36s %10s %10s %8s\n' step warren podman ratio
for step in bridge none b2b http create ls rm; do
  case $step in
    bridge) label="run --rm IMAGE true (default net)" ;; none) label="run --rm --network none IMAGE true" ;;
    b2b) label="run --rm, back to back (default net)" ;;
    http) label="run -d -p until HTTP answers" ;; create) label="network create" ;;
    ls) label="network ls" ;; rm) label="network rm" ;;
  esac
  report_row 36 "$label" "$step"
done
echo "warren, default network / none: $(awk -v a="$(median <"$tmp/warren.bridge")" -v b="$(median <"$tmp/warren.none")" 'BEGIN { printf "%.2f", a / b }')"

rules() { nft -j list ruleset | jq '[.nftables[] | select(.rule)] | length'; }
echo
echo "$N containers on one network, a published port each (warren)"
echo "rules before: $(rules)"
: >"$tmp/starts"
failed=0
for i in $(seq "$N"); do
  t0=${EPOCHREALTIME/./}000; $R run -d -p $((20000 + i)):80 web sleep 3600 >/dev/null 2>>"$tmp/errors" || failed=$((failed + 1)); t1=${EPOCHREALTIME/./}000
  ms "$t0" "$t1" >>"$tmp/starts"
  [ "$i" = 1 ] && echo "rules with 1: $(rules)"
done
first=$(head -100 "$tmp/starts" | median)
last=$(tail -100 "$tmp/starts" | median)
echo "rules with $N: $(rules); failed starts: $failed $(head -1 "$tmp/errors" 2>/dev/null)"
echo "running: $($R ps -q | wc -l)"
echo "per start, median of the first 100: $first ms, of the last 100: $last ms, flatness $(awk -v a="$last" -v b="$first" 'BEGIN { printf "%.2f", a / b }')"
