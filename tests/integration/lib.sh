# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/lib.sh: a few assertions for command-level tests that
# run the built binary: exit status, exact stderr line, stdout content.
# Each failed check prints what was expected and what came; the script's
# exit status is the number of failures (0: pass), or 77 to skip.

failures=0
checks=0

# run CMD...: runs it, keeping stdout in $out, stderr in $err, status in $status.
run() {
  local o e
  o=$(mktemp) e=$(mktemp)
  "$@" >"$o" 2>"$e"
  status=$?
  out=$(cat "$o") err=$(cat "$e")
  rm -f "$o" "$e"
}

fail() {
  failures=$((failures + 1))
  printf 'FAIL: %s\n' "$*" >&2
}

check_status() {  # expected
  checks=$((checks + 1))
  [ "$status" = "$1" ] || fail "status $status, expected $1 (stderr: $err)"
}

check_err() {  # exact stderr
  checks=$((checks + 1))
  [ "$err" = "$1" ] || fail "stderr '$err', expected '$1'"
}

check_err_has() {  # substring of stderr
  checks=$((checks + 1))
  case "$err" in *"$1"*) ;; *) fail "stderr lacks '$1': $err" ;; esac
}

check_out_has() {  # substring of stdout
  checks=$((checks + 1))
  case "$out" in *"$1"*) ;; *) fail "stdout lacks '$1': $out" ;; esac
}

check_out_lacks() {
  checks=$((checks + 1))
  case "$out" in *"$1"*) fail "stdout has '$1': $out" ;; esac
}

# mem_limit KB: a memory bound as given; in the sanitized run
# (WARREN_SANITIZED_RUN=1, scripts/test-sanitized.sh) four times it plus
# 100 MB for ASan's runtime and shadow, which still tells bounded from not.
mem_limit() {
  if [ "${WARREN_SANITIZED_RUN:-0}" = 1 ]; then echo $(($1 * 4 + 100000)); else echo "$1"; fi
}

check() {  # description, then a command that must succeed
  local what=$1
  shift
  checks=$((checks + 1))
  "$@" || fail "$what"
}

# import_alpine_nginx [APPLET...]: the scenarios' image, built from
# busybox in $tmp/fs with these applets linked (httpd on port 80 serving
# "podman rulez", EXPOSE 80), imported with $R as alpine_nginx.
import_alpine_nginx() {
  local l
  mkdir -p "$tmp/fs/bin" "$tmp/fs/www"
  cp "$(command -v busybox)" "$tmp/fs/bin/busybox"
  for l in "$@"; do ln -s busybox "$tmp/fs/bin/$l"; done
  echo "podman rulez" >"$tmp/fs/www/index.html"
  tar -C "$tmp/fs" -cf "$tmp/fs.tar" .
  run $R import --change 'CMD ["busybox","httpd","-f","-p","80","-h","/www"]' --change 'EXPOSE 80' "$tmp/fs.tar" alpine_nginx
  check_status 0
}

# network_nothing_left: no veth, no netns mount, no lease, no container
# address in warren's table. The kernel removes a dead namespace's veths
# in the background: wait for it (bounded).
network_nothing_left() {
  local i
  for i in $(seq 50); do [ -z "$(ip -o link show type veth)" ] && break; sleep 0.1; done
  check "no veth left" test -z "$(ip -o link show type veth)"
  check "no netns mount left" test -z "$(ls "$tmp/run/netns" 2>/dev/null)"
  check "no lease left" test -z "$(find "$tmp/root/cni/networks" -name '10.*' 2>/dev/null)"
  check "no element left" test -z "$(nft list set inet warren masq4 2>/dev/null | grep -o '10\.[0-9.]*')"
}

fetch() {  # URL: the page into $out, retried while the server starts (bounded)
  local i
  for i in $(seq 25); do
    out=$(curl -s --max-time 2 "$1") && [ -n "$out" ] && return 0
    sleep 0.2
  done
  return 1
}

finish() {
  printf '%d checks, %d failed\n' "$checks" "$failures"
  [ "$failures" -eq 0 ]
  exit $?
}

# start_stub_dns ADDRESS A.B.C.D: a DNS server on ADDRESS, UDP port 53,
# answering every A query with A.B.C.D, in the background for at most five
# minutes; its pid in $stub_dns_pid. The host's resolver, for tests.
start_stub_dns() {
  python3 - "$1" "$2" >/dev/null 2>&1 <<'PY' &
import socket, sys
answer = bytes(int(x) for x in sys.argv[2].split("."))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 53))
s.settimeout(300)
while True:
    q, peer = s.recvfrom(512)
    end = 12
    while q[end]:
        end += q[end] + 1
    end += 5
    s.sendto(q[:2] + b"\x81\x80\x00\x01\x00\x01\x00\x00\x00\x00" + q[12:end] +
             b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04" + answer, peer)
PY
  stub_dns_pid=$!
}

# Root tests play the host in a fresh network and mount namespace.
# Call as: enter_throwaway_host "$0" "$@"
enter_throwaway_host() {
  if [ "$(id -u)" = 0 ] && [ -z "${WARREN_IN_THROWAWAY:-}" ]; then
    WARREN_IN_THROWAWAY=1 exec unshare --net --mount --propagation private bash "$@"
  fi
}

# Container tests keep network state off the machine: with --root, warren
# keeps libcni's cache and host-local's leases under ROOT/cni (not
# /var/lib/cni), and settings come from an empty file of the test's
# (TMP/containers.conf) instead of /etc/containers.
private_network_state() {  # TMP
  export CONTAINERS_CONF=$1/containers.conf
  : >"$CONTAINERS_CONF"
}

# Container tests (in a throwaway host): sets tmp (a temp dir) and R (warren
# with all its state there), keeps network state private, brings lo up,
# and removes it all at exit. Needs W, the warren binary.
container_test_setup() {  # NAME, for the temp dir
  tmp=$(mktemp -d "/tmp/warren-$1-XXXXXX")
  private_network_state "$tmp"
  R="$W --root $tmp/root --runroot $tmp/run --network-config-dir $tmp/net"
  trap container_test_cleanup EXIT
  ip link set lo up
}
# state_of_own NAME: a temp dir ($tmp) holding warren's state for a test
# that runs as root or as the test user ($rootless says which): as root a
# private --root, --runroot and network config dir there; as the user, a
# HOME and XDG_RUNTIME_DIR there, and the default store in it. Sets tmp,
# rootless, R (warren with its flags, from $W) and store (its ROOT).
state_of_own() {
  rootless=false
  [ "$(id -u)" = 0 ] || rootless=true
  tmp=$(mktemp -d "/tmp/warren-$1-XXXXXX")
  if $rootless; then
    export HOME=$tmp/home XDG_RUNTIME_DIR=$tmp/home/run
    unset XDG_DATA_HOME XDG_CONFIG_HOME
    mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
    R="$W"
    store=$HOME/.local/share/warren
  else
    private_network_state "$tmp"
    R="$W --root $tmp/root --runroot $tmp/run --network-config-dir $tmp/net"
    store=$tmp/root
    ip link set lo up
  fi
}

# remove_tmp: the test's temp dir ($tmp), with what its containers' other
# ids left in it: a regular user removes those as the root of a namespace
# with the user's maps (util-linux's unshare --map-auto, newuidmap).
remove_tmp() {
  umount "$tmp/run/netns" 2>/dev/null  # root's bridge networks: the shared mount of the netns dir
  rm -rf "$tmp" 2>/dev/null && return 0
  [ "$(id -u)" = 0 ] || unshare --map-auto --map-root-user rm -rf "$tmp" 2>/dev/null
  [ ! -e "$tmp" ]
}

container_test_cleanup() {
  $R rm -a -f -t 0 >/dev/null 2>&1
  remove_tmp
}

# Rootless tests run as a regular user. As root, re-run the calling script
# as the unprivileged test user (made by scripts/test-setup.sh), with copies
# of itself, lib.sh and every file argument that the user can read; as a
# regular user, return and go on. Call as: as_test_user "$0" "$@"
as_test_user() {
  [ "$(id -u)" = 0 ] || return 0
  local script=$1 user=${WARREN_TEST_USER:-warren-test} tmp rc a
  shift
  if ! id "$user" >/dev/null 2>&1; then
    echo "no user $user: run scripts/test-setup.sh as root first" >&2
    [ -n "${CI:-}" ] && exit 1
    exit 77
  fi
  tmp=$(mktemp -d /tmp/warren-rootless-XXXXXX)
  cp "$(dirname "$script")/lib.sh" "$script" "$tmp/"
  # Programs given as arguments are copied where the user can run them,
  # with the helpers warren looks for next to itself.
  local args=()
  for a in "$@"; do
    if [ -f "$a" ]; then
      cp "$a" "$tmp/"
      for h in warren-monitor warren-infra warren-init warren-dns warren-agent; do
        [ -f "$(dirname "$a")/$h" ] && cp "$(dirname "$a")/$h" "$tmp/"
      done
      args+=("$tmp/$(basename "$a")")
    else
      args+=("$a")
    fi
  done
  chmod 755 "$tmp" "$tmp"/*
  # What the root part found out travels as WARREN_FROM_ROOT_* variables.
  local pass=()
  while IFS= read -r v; do pass+=("$v"); done < <(env | grep '^WARREN_FROM_ROOT_')
  runuser -u "$user" -- env -i PATH="$PATH" HOME="$tmp" CI="${CI:-}" "${pass[@]}" \
    bash "$tmp/$(basename "$script")" "${args[@]}"
  rc=$?
  rm -rf "$tmp"
  exit $rc
}
