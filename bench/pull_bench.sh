#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/pull_bench.sh WARREN: pulling from a local registry, warren beside
# Podman 4.3 in the same run: a small image (one ~10 MB layer) and a big
# one (6 gzip layers, ~200 MB compressed, ~600 MB unpacked), each pulled
# into an empty store (rmi -a between rounds), rounds alternating. Medians
# and the median of pair ratios. Debian's docker-registry serves both on
# the throwaway host's loopback; skopeo puts the images in.
# Run as root, by hand (bench/README.md); never a timed test.
set -u
W=${1:?usage: pull_bench.sh WARREN}
ROUNDS=${ROUNDS:-5}
if [ -z "${WARREN_IN_THROWAWAY:-}" ]; then
  WARREN_IN_THROWAWAY=1 exec unshare --net --mount --propagation private bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
throwaway_bench_state
reg=
bench_cleanup() {
  [ -n "$reg" ] && kill "$reg" 2>/dev/null && wait "$reg" 2>/dev/null
  [ -n "$P" ] && $P rmi -a -f >/dev/null 2>&1
  throwaway_bench_cleanup
}
trap bench_cleanup EXIT

# layer DIR NAME MB: a layer of MB megabytes, a third random and the rest
# zeros (gzip makes it about a third), in files of 10 MB.
layer() {
  local d=$1/$2 i
  mkdir -p "$d"
  for ((i = 0; i < $3 / 10; i++)); do
    { head -c 3500000 /dev/urandom; head -c 6500000 /dev/zero; } >"$d/f$i"
  done
  tar -C "$d" -cf "$1/$2.tar" . && rm -rf "$d"
}
# layout DIR TAR...: an OCI layout of gzip layers, tag "img".
layout() {
  local dir=$1 t layers="" diffs="" d s
  shift
  mkdir -p "$dir/blobs/sha256"
  for t in "$@"; do
    diffs+="${diffs:+,}\"sha256:$(sha256sum <"$t" | cut -d' ' -f1)\""
    gzip -n -1 -c "$t" >"$dir/b" && d=$(sha256sum <"$dir/b" | cut -d' ' -f1) s=$(stat -c %s "$dir/b") && mv "$dir/b" "$dir/blobs/sha256/$d"
    layers+="${layers:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$d\",\"size\":$s}"
  done
  printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":[%s]}}' "$diffs" >"$dir/b"
  d=$(sha256sum <"$dir/b" | cut -d' ' -f1) s=$(stat -c %s "$dir/b") && mv "$dir/b" "$dir/blobs/sha256/$d"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
    "$d" "$s" "$layers" >"$dir/b"
  d=$(sha256sum <"$dir/b" | cut -d' ' -f1) s=$(stat -c %s "$dir/b") && mv "$dir/b" "$dir/blobs/sha256/$d"
  echo '{"imageLayoutVersion":"1.0.0"}' >"$dir/oci-layout"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"img"}}]}' \
    "$d" "$s" >"$dir/index.json"
}

echo "making the images..."
layer "$tmp" small 10
for i in 1 2 3 4 5 6; do layer "$tmp" big$i 100; done
layout "$tmp/small-oci" "$tmp/small.tar"
layout "$tmp/big-oci" "$tmp"/big[1-6].tar
rm -f "$tmp"/*.tar
printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:5000\n' "$tmp/registry" >"$tmp/registry.yml"
env -u REGISTRY_AUTH_FILE docker-registry serve "$tmp/registry.yml" >/dev/null 2>&1 &
reg=$!
for i in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:5000/v2/ && break; sleep 0.1; done
for n in small big; do
  skopeo copy -q --dest-tls-verify=false "oci:$tmp/$n-oci:img" "docker://127.0.0.1:5000/bench/$n:1" >/dev/null
  echo "$n: $(du -sm "$tmp/$n-oci" | cut -f1) MB compressed"
done
rm -rf "$tmp"/*-oci

pull() {  # TOOL IMAGE: one pull into an empty store, timed into $tmp/TOOL.IMAGE
  local cli=$R
  [ "$1" = podman ] && cli=$P
  $cli rmi -a -f >/dev/null 2>&1
  sync
  timed "$tmp/$1.$2" $cli pull -q --tls-verify=false "127.0.0.1:5000/bench/$2:1"
}

echo "pull into an empty store, median of $ROUNDS rounds, alternating (ms)"
for i in $(seq "$ROUNDS"); do
  for n in small big; do
    pull warren $n
    [ -n "$P" ] && pull podman $n
  done
done
printf '%-22s %10s %10s %8s %12s\n' image warren podman ratio "pair ratio"
for n in small big; do
  pr=-
  if [ -n "$P" ]; then
    pr=$(paste "$tmp/warren.$n" "$tmp/podman.$n" | awk '{ printf "%.3f\n", $1 / $2 }' | median)
  fi
  printf '%-22s %10s %10s %8s %12s\n' "$n" "$(median <"$tmp/warren.$n")" "$([ -n "$P" ] && median <"$tmp/podman.$n" || echo -)" \
    "$([ -n "$P" ] && awk -v a="$(median <"$tmp/warren.$n")" -v b="$(median <"$tmp/podman.$n")" 'BEGIN { printf "%.3f", a / b }' || echo -)" "$pr"
done
