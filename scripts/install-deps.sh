#!/usr/bin/env bash
# scripts/install-deps.sh: installs everything warren needs to build, test and
# run its demo on Debian 12, from Debian's packages only. Safe to run again.
set -euo pipefail

packages=(
  # build
  meson ninja-build pkg-config g++ go-md2man
  # libraries
  libmnl-dev libnftnl-dev rapidjson-dev libcxxopts-dev libfmt-dev catch2
  libtomlplusplus-dev libarchive-dev libslirp-dev libglib2.0-dev libcurl4-openssl-dev libseccomp-dev
  # the seccomp profile Podman uses (/usr/share/containers/seccomp.json)
  golang-github-containers-common
  # tools the tests and the demo use
  iproute2 nftables busybox-static curl util-linux procps python3 time keyutils
  # a real registry for the pull tests, with TLS, Basic auth and a token realm
  docker-registry skopeo apache2-utils openssl zstd
  # the sanitized run and the fuzz targets (scripts/test-sanitized.sh)
  clang libclang-rt-14-dev
  # rootless containers: newuidmap and newgidmap for the subordinate ids
  uidmap
  # the CNI reference plugins, to compare with and to run as external plugins
  containernetworking-plugins
  # the reference portmap needs iptables; benchmarks compare against it
  iptables
  # --log-driver journald's test runs a systemd-journald of its own and reads it with journalctl
  systemd
)

if [ "$(id -u)" -ne 0 ]; then
  exec sudo "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${packages[@]}"
