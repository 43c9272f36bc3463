# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/rootless.sh WARREN: warren as a regular user (as root,
# the script runs itself as the unprivileged test user).
. "$(dirname "$0")/lib.sh"
as_test_user "$0" "$@"
W=$1

home=$(mktemp -d /tmp/warren-rootless-home-XXXXXX)
# Without XDG_RUNTIME_DIR warren's run dir is /tmp/warren-run-UID (Podman's
# is /tmp/podman-run-UID): removed with the rest, if this test made it.
made_run=true
[ -e "/tmp/warren-run-$(id -u)" ] && made_run=false
trap 'rm -rf "$home"; $made_run && rm -rf "/tmp/warren-run-$(id -u)"' EXIT
export HOME=$home
unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_RUNTIME_DIR

run "$W" info
check_status 0
check_out_has "rootless: true"
check_out_has "graphRoot: $home/.local/share/warren"
check_out_has "runRoot: /tmp/warren-run-$(id -u)/warren"
check_out_has "configDir: $home/.config/cni/net.d"
# A regular user has no CAP_NET_ADMIN on the host: info says so and why.
check_out_has "nftables:
    usable: false
    reason: \"nftables: no CAP_NET_ADMIN (rootless uses no nftables)\""
# The probes are real: compare with what this user can actually do.
if unshare --user true 2>/dev/null; then userns=true; else userns=false; fi
check_out_has "userNamespaces:
    usable: $userns"
if (exec 3<>/dev/net/tun) 2>/dev/null; then tun=true; else tun=false; fi
check_out_has "tun:
    usable: $tun"

export XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_RUNTIME_DIR=$home/run
run "$W" info --format json
check_status 0
check_out_has "\"graphRoot\": \"$home/data/warren\""
check_out_has "\"runRoot\": \"$home/run/warren\""
check_out_has "\"configDir\": \"$home/config/cni/net.d\""

# Relative XDG values are invalid and ignored (XDG base dir spec).
XDG_DATA_HOME=relative run "$W" info --format json
check_out_has "\"graphRoot\": \"$home/.local/share/warren\""

# Images as a regular user, in the user's own store.
mkdir -p "$home/fs/bin" && cp "$(command -v busybox)" "$home/fs/bin/busybox"
tar -C "$home/fs" -cf "$home/fs.tar" .
run "$W" import "$home/fs.tar" mine
check_status 0
check "the image is in the user's store" test -d "$home/data/warren/images/${out#sha256:}/rootfs/bin"
run "$W" images
check_out_has "localhost/mine"
# Containers as a regular user: root inside a user namespace of their own.
run "$W" run --rm --network none mine /bin/busybox sh -c 'busybox id -u; busybox cat /proc/self/uid_map'
check_status 0
check_out_has "0"
check "uid 0 inside is the user outside" test "$(printf '%s\n' "$out" | busybox awk 'NR == 2 { print $2 }')" = "$(id -u)"
run "$W" run --rm --network none mine /bin/busybox false
check_status 1
run "$W" run --rm --network none mine /bin/nothere
check_status 127
check "no container left" test -z "$(find "$home/data/warren/containers" -mindepth 1 ! -name names ! -name .trash 2>/dev/null)"
# Their files go after run returns (the monitor's last work), overlayfs's
# mode-0 work dir included.
trash_empty() { test -z "$(find "$home/data/warren/containers/.trash" -mindepth 1 2>/dev/null)"; }
for _ in $(seq 50); do trash_empty && break; sleep 0.1; done
check "the removed containers' files are gone" trash_empty
run "$W" rmi mine
check_status 0

finish
