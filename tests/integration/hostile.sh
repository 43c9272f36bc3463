# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/hostile.sh WARREN TARS [--rootless]: hostile images and
# containers (docs/THREATS.md), as root and, with --rootless, as the
# unprivileged test user. Each case aims at a victim file or directory on
# the host and checks it untouched: layers whose whiteouts, symlinks,
# hardlinks, .. and absolute names aim out of their root; device nodes;
# archives whose members are symlinks, FIFOs or lie about their digests; a
# container that plants symlinks where the next start writes; /etc files
# that are FIFOs or devices; the caller's keyring and terminal; names that
# become paths; a run dir planted by another user.
. "$(dirname "$0")/lib.sh"
enter_throwaway_host "$0" "$@"
if [ "${3:-}" = --rootless ] && [ "$(id -u)" = 0 ]; then
  # A /tmp of this check's own, where another user has planted the test
  # user's fallback run dir, world-writable. What the run needs is copied
  # out of the way first: the build may itself be under /tmp.
  stage=$(mktemp -d /dev/shm/warren-hostile-XXXXXX)
  trap 'rm -rf "$stage"' EXIT
  cp "$(dirname "$0")/lib.sh" "$0" "$2" "$stage/"
  cp "$1" "$stage/warren"
  for h in warren-monitor warren-infra warren-dns warren-agent; do
    [ -f "$(dirname "$1")/$h" ] && cp "$(dirname "$1")/$h" "$stage/"
  done
  chmod -R a+rX "$stage"
  mount -t tmpfs -o mode=1777 tmpfs /tmp
  uid=$(id -u "${WARREN_TEST_USER:-warren-test}")
  mkdir -m 0777 "/tmp/warren-run-$uid" && chown nobody "/tmp/warren-run-$uid" && chmod 0777 "/tmp/warren-run-$uid"
  as_test_user "$stage/$(basename "$0")" "$stage/warren" "$stage/$(basename "$2")" --rootless
fi
W=$1
TARS=$2  # hostile_tars.py
state_of_own hostile
cleanup() {
  $R rm -a -f -t 0 >/dev/null 2>&1
  [ -n "${bgpid:-}" ] && kill "$bgpid" 2>/dev/null
  remove_tmp
}
trap cleanup EXIT

# The victims: a directory with a file, a tar file, a home with a key.
V=$tmp/victim
mkdir -p "$V/sub" && echo keep >"$V/file" && echo keep >"$V/sub/file"
mkdir -p "$tmp/hostfs" && echo host >"$tmp/hostfs/hostfile" && tar -C "$tmp/hostfs" -cf "$tmp/host.tar" .
victim_intact() {  # WHAT
  check "$1: the victim is untouched" test "$(find "$V" | sort | tr '\n' ' ')" = "$V $V/file $V/sub $V/sub/file " \
    -a "$(cat "$V/file" "$V/sub/file")" = "keep
keep"
}
no_staging() {  # WHAT
  check "$1: nothing left in the store" test -z "$(ls -A "$store/images" 2>/dev/null | grep staging)"
}

# A busybox image with a keyring probe (static: the image has no libc).
mkdir -p "$tmp/fs/bin" "$tmp/fs/etc"
cp "$(command -v busybox)" "$tmp/fs/bin/busybox"
for l in sh sleep cat head echo ln mv rm mkdir ls true umount; do ln -s busybox "$tmp/fs/bin/$l"; done
echo 'root:x:0:0:root:/root:/bin/sh' >"$tmp/fs/etc/passwd"
printf '%s\n' '#include <linux/keyctl.h>' '#include <stdio.h>' '#include <sys/syscall.h>' '#include <unistd.h>' \
  'int main(int argc, char** argv) { (void)argc;' \
  '  long id = syscall(SYS_keyctl, KEYCTL_SEARCH, KEY_SPEC_SESSION_KEYRING, "user", argv[1], 0);' \
  '  puts(id >= 0 ? "found" : "absent"); return 0; }' >"$tmp/keyprobe.c"
cc -static -O2 -o "$tmp/fs/bin/keyprobe" "$tmp/keyprobe.c" || fail "build the keyring probe"
tar -C "$tmp/fs" -cf "$tmp/fs.tar" .
run $R import --change 'CMD ["sleep","1000"]' "$tmp/fs.tar" bb
check_status 0
python3 "$TARS" "$tmp" "$tmp/fs" "$V" "$tmp/host.tar" || fail "write the archives"

# 1. Whiteouts through symlinks, absolute and relative, and an opaque dir.
for t in wh_abs wh_rel opq; do
  run $R import "$tmp/$t.tar" "$t"
  check_status 0
  victim_intact "$t"
done

# Entries that leave the root: refused by name, nothing left behind.
for t in whdots:'".wh..": a whiteout that names no file' dotdot:'"../escape"' abs:"\"$V/abs\"" hlink_abs:'"shadow"' hlink_rel:'"shadow"' through:'"s/written"'; do
  run $R import "$tmp/${t%%:*}.tar" "${t%%:*}"
  check_status 125
  check_err_has "layer entry ${t#*:}"
  no_staging "${t%%:*}"
  victim_intact "${t%%:*}"
done
check "no file escaped beside the archives" test ! -e "$tmp/escape" -a ! -e "$store/escape" -a ! -e "$store/images/escape"
run $R images --format '{{.Repository}}'
for t in whdots dotdot abs hlink_abs hlink_rel through; do check_out_lacks "localhost/$t"; done
check "the store is private" test "$(stat -c %a "$store/images")" = 700

# A setuid file: a regular user's copy is the user's, never root's.
run $R import "$tmp/setuid.tar" suid
check_status 0
id=${out#sha256:}
if $rootless; then
  check "a setuid file unpacked by a regular user is the user's" test "$(stat -c %u "$store/images/$id/rootfs/suid")" = "$(id -u)"
else
  check "root keeps the layer's owner" test "$(stat -c %u:%a "$store/images/$id/rootfs/suid")" = "0:4755"
fi

# 2. Device nodes: skipped for a regular user; as root, kept but useless
# through the root filesystem.
run $R import --change 'CMD ["sleep","1000"]' "$tmp/dev.tar" devimg
check_status 0
id=${out#sha256:}
if $rootless; then
  check "a regular user's layer makes no device node" test ! -e "$store/images/$id/rootfs/mynull" -a ! -e "$store/images/$id/rootfs/myloop"
else
  check "root keeps the node in the image" test -c "$store/images/$id/rootfs/myzero"
  run $R run --rm --network none devimg head -c 1 /myzero
  check_status 1
  check_err_has "Permission denied"
  run $R run --rm --network none devimg sh -c 'echo x > /mynull'
  check_status 1
  check_err_has "Permission denied"
  run $R run --rm --network none --privileged devimg head -c 1 /myzero
  check_status 0
fi

# 8. /etc/passwd a symlink to a device, /etc/group a FIFO: read in the
# root, regular files only; no hang, no monitor left.
run timeout 20 $R run --rm --network none "$(
  $R import --change 'CMD ["true"]' "$tmp/etcdev.tar" etcdev >/dev/null; echo etcdev)" true
if $rootless; then
  check_status 0  # the node was never made: passwd is missing, as if absent
else
  check_status 125
  check_err_has "is not a regular file"
fi
run $R import --change 'CMD ["true"]' "$tmp/etcfifo.tar" etcfifo
run timeout 20 $R run --rm --network none etcfifo true
check_status 125
check_err_has "etc/group in "
check_err_has "is not a regular file"
run $R ps -a -q
check "nothing left after an /etc file refused" test -z "$out"

# 5, 6. Archives: members aiming out of the archive, FIFOs, devices, and
# digests that lie. Each is refused, leaving nothing.
for t in da_outside:"outside itself" da_hostlink:"is missing" da_zero:"is missing" da_fifo:"is not a regular file" \
  da_shadow:"is missing" da_poison:"Digest did not match" oci_layer:"Digest did not match" \
  oci_manifest:"Digest did not match" da_deep:"nested more than 512 deep" da_deepcfg:"nested more than 512 deep"; do
  run timeout 30 $R load -i "$tmp/${t%%:*}.tar"
  check_status 125
  check_err_has "${t#*:}"
  no_staging "${t%%:*}"
done
run $R images --format '{{.Repository}}'
check_out_lacks "hostile/"
run $R load -i "$tmp/da_real.tar"
check_status 0
id=$($R images -q --no-trunc hostile/real:1 2>/dev/null | head -1)
id=${id#sha256:}
check "the real image, after a poisoned one with its config" test -f "$store/images/$id/rootfs/real" -a ! -e "$store/images/$id/rootfs/poison"
run $R load -i "$tmp/oci_real.tar"
check_status 0

# 7. A container that plants symlinks where the next start writes: its
# WORKDIR and /etc (where its hosts, hostname and resolv.conf are bound).
run $R import --change 'CMD ["sleep","1000"]' --change 'WORKDIR /x/y' "$tmp/fs.tar" wdimg
check_status 0
run $R run -d --name wd --network none wdimg
check_status 0
run $R exec wd sh -c "cd / && rm -rf /x && ln -s $V /x"
check_status 0
run $R stop -t 0 wd
run $R start wd
check "a planted WORKDIR symlink stays inside the root" test ! -e "$V/y"
victim_intact "WORKDIR"
# (With CAP_SYS_ADMIN, to unmount the files warren bound there first; an
# image without /etc, which warren makes in the upper dir at the first
# start.)
tar -C "$tmp/fs" -cf "$tmp/noetc.tar" bin
run $R import --change 'CMD ["sleep","1000"]' "$tmp/noetc.tar" noetc
run $R run -d --name et --network none --cap-add SYS_ADMIN noetc
check_status 0
run $R exec et sh -c "umount /etc/hosts /etc/hostname /etc/resolv.conf && rm -rf /etc && ln -s $V /etc"
check_status 0
run $R stop -t 0 et
run $R start et
victim_intact "/etc"
check "no mount point made on the host" test ! -e "$V/hosts" -a ! -e "$V/hostname" -a ! -e "$V/resolv.conf"

# 3. The caller's session keyring stays out of containers and exec.
run $R run -d --name bg --network none bb
check_status 0
run keyctl session - sh -c "keyctl add user warren-secret s3cret @s >/dev/null && $tmp/fs/bin/keyprobe warren-secret && $R run --rm --network none bb keyprobe warren-secret && $R exec bg keyprobe warren-secret"
check_status 0
check "the probe finds the key on the host, not in run nor exec" test "$out" = "found
absent
absent"

# 4. exec without -t: what it leaves running holds pipes, not the caller's
# files or terminal.
$R exec bg sh -c 'sleep 30.5 &' >"$tmp/exec-out" 2>&1
check "exec returns with its process" test $? = 0
bgpid=$(pgrep -n -f 'sleep 30.5')
check "the background process holds no file of the caller" \
  test -n "$bgpid" -a "$(readlink "/proc/$bgpid/fd/1")" != "$tmp/exec-out" -a "$(readlink "/proc/$bgpid/fd/2")" != "$tmp/exec-out"
check "its output is a pipe" test "$(readlink "/proc/$bgpid/fd/1" | cut -c1-5)" = "pipe:"

# 9. Names that would become paths.
run $R network create --interface-name ../../../X
check_status 125
check_err 'Error: interface name "../../../X" invalid: interface names cannot be . or .. or contain /, : or whitespace: invalid argument'
run $R network create --interface-name abcdefghijklmnop
check_status 125
check_err 'Error: interface name "abcdefghijklmnop" invalid: interface names must be 1 to 15 characters: invalid argument'
run $R network create -d macvlan -o parent=../X
check_status 125
check_err_has 'parent interface "../X" invalid'
check "no conflist written anywhere" test -z "$(find "$tmp" "$HOME" -name 'X.conflist' 2>/dev/null)"

# 10. A run dir another user planted is passed over.
if $rootless; then
  planted=/tmp/warren-run-$(id -u)
  run env -u XDG_RUNTIME_DIR $W info --format json
  check_status 0
  check_out_has "\"runRoot\": \"$HOME/rundir/warren\""
  check "and nothing was written there" test -z "$(ls -A "$planted")"
fi

exit $failures
