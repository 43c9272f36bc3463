# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/storage.sh WARREN [--rootless]: --storage-driver, as
# root and (--rootless) as the unprivileged test user. The vfs driver
# (a container's root a whole copy of its image's files) where overlay
# cannot be used: the copy keeps hard links, set-id modes, owners and
# extended attributes; diff, commit, export, cp, ps --size, restart and
# rm work on it as Podman's vfs does (diff compared with Podman 4.3's);
# the store remembers its driver (Podman's "database configuration
# mismatch" for another --storage-driver, $STORAGE_DRIVER, a new store on
# overlayfs taking vfs); a container's symlinks never lead a diff, a
# commit or an export onto the host's files.
. "$(dirname "$0")/lib.sh"
enter_throwaway_host "$0" "$@"
[ "${2:-}" = --rootless ] && as_test_user "$0" "$@"
W=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
state_of_own storage
O="$W --root $tmp/oroot --runroot $tmp/orun"  # a second store, overlay's
cleanup() {
  $R rm -a -f -t 0 >/dev/null 2>&1
  $O rm -a -f -t 0 >/dev/null 2>&1
  $rootless || umount "$tmp/run/netns" "$tmp/ovl/m" 2>/dev/null
  remove_tmp
}
trap cleanup EXIT
N="--network none"

mkdir -p "$tmp/fs/bin" "$tmp/fs/etc" "$tmp/fs/tmp" "$tmp/fs/data"
cp "$(command -v busybox)" "$tmp/fs/bin/busybox"
for l in sh cat echo sleep true ls ln stat mkdir rm touch chmod; do ln -s busybox "$tmp/fs/bin/$l"; done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$tmp/fs/etc/passwd"
printf 'root:x:0:\n' >"$tmp/fs/etc/group"
echo one >"$tmp/fs/data/linked"
ln "$tmp/fs/data/linked" "$tmp/fs/data/linked2"
echo old >"$tmp/fs/data/gone"
echo keep >"$tmp/fs/data/setid"
chmod 4755 "$tmp/fs/data/setid"
chmod 1777 "$tmp/fs/tmp"
python3 -c 'import os, sys; os.setxattr(sys.argv[1], "user.note", b"kept")' "$tmp/fs/data/setid"
tar --xattrs --xattrs-include='user.*' -C "$tmp/fs" -cf "$tmp/fs.tar" .
host_secret=$tmp/host-secret
echo host-only-content >"$host_secret"

# A new store takes --storage-driver and remembers it.
run $R --storage-driver vfs import "$tmp/fs.tar" vbox
check_status 0
run $R info --format '{{.Store.GraphDriverName}}'
check "info shows the store's driver" test "$out" = vfs
run $R run --name c1 $N vbox sh -c 'echo hi >/new; rm /data/gone; mkdir /etc/d; echo root2 >>/etc/passwd; stat -c "%h %i" /data/linked /data/linked2; stat -c %a /data/setid'
check_status 0
lines=($out)
check "hard links stay one file in the copy" test "${lines[0]}" = 2 -a "${lines[2]}" = 2 -a "${lines[1]}" = "${lines[3]}"
check "set-id modes are kept" test "${lines[4]}" = 4755
id1=$($R inspect -f '{{.Id}}' c1)
copy=$store/containers/$id1/rootfs
run python3 -c 'import os, sys; print(os.getxattr(sys.argv[1], "user.note").decode())' "$copy/data/setid"
check "extended attributes are copied" test "$out" = kept
run $R inspect -f '{{json .GraphDriver}}' c1
check "inspect names the vfs driver, without dirs (Podman's)" test "$out" = '{"Name":"vfs","Data":null}'

# What Podman 4.3's vfs diff lists for the same commands.
run $R diff c1
check_status 0
check "diff compares the copy with the image" test "$out" = "$(printf 'C /data\nD /data/gone\nC /etc\nA /etc/d\nC /etc/passwd\nA /new')"
run $R diff --format json c1
check "diff --format json" test "$(echo "$out" | tr -d ' \n')" = '{"changed":["/data","/etc","/etc/passwd"],"added":["/etc/d","/new"],"deleted":["/data/gone"]}'
run $R ps -a --size --format '{{.Size}}'
# /new (3 bytes) and /etc/passwd (30 + 6): what Podman's ChangesSize counts.
check "ps --size counts the added and changed files" test "${out%% *}" = 39B

# The copy is the container's root across starts; commit, export and cp
# read it.
run $R start -a c1
run $R run --rm $N vbox cat /data/gone
check "the image itself is untouched" test "$out" = old
run $R commit -q c1 vbox2
check_status 0
run $R run --rm $N vbox2 sh -c 'cat /new; ls /data; tail -1 /etc/passwd'
check "a commit carries additions, changes and deletions" test "$out" = "$(printf 'hi\nlinked\nlinked2\nsetid\nroot2')"
run sh -c "$R export c1 | tar -t"
check "export writes the copy" test "$(echo "$out" | grep -cx -e new -e data/setid)" = 2
check_out_lacks data/gone
run $R cp c1:/new "$tmp/copied"
check "cp from a stopped vfs container" test "$(cat "$tmp/copied")" = hi
run $R run --rm $N --read-only vbox touch /x
check "--read-only holds on a vfs root" test "$status" != 0

# A container's symlinks lead nothing onto the host.
run $R run --name c2 $N vbox sh -c "rm -rf /tmp; ln -s $tmp /tmp; ln -s $host_secret /data/leak"
run $R diff c2
check_out_has "C /tmp"
check_out_lacks "$(basename "$host_secret")"
run $R commit -q c2 vbox3
run $R run --rm $N vbox3 sh -c 'ls -ld /tmp /data/leak; cat /data/leak'
check "symlinks are committed as links, never as the host's files" test "$(echo "$out" | grep -c host-only-content)" = 0
check_out_has "/tmp -> $tmp"
run sh -c "$R export c2 | tar -xO ./data/leak 2>&1"
check_out_lacks host-only-content
run $R ps -a --size --filter name=c2 --format '{{.Size}}'
check "ps --size does not follow a container's links" test "${out%% *}" != "$(stat -c %s "$host_secret")B"

# rm removes the copy.
run $R rm c1 c2
check_status 0
check "rm removes a vfs container's copy" test ! -e "$store/containers/$id1"

# The store remembers its driver: Podman's words for another one.
run $R --storage-driver overlay ps
check_status 125
check_err 'Error: database storage graph driver "vfs" does not match our storage graph driver "overlay": database configuration mismatch'
run env STORAGE_DRIVER=overlay $R info --format '{{.Store.GraphDriverName}}'
check "\$STORAGE_DRIVER does not override the store's record" test "$out" = vfs
run $O --storage-driver btrfs ps
check_status 125
check_err "Error: failed to GetDriver graph btrfs $tmp/oroot: driver not supported"
check "a refused driver leaves no store behind" test ! -e "$tmp/oroot/storage-driver"

# overlay stays the default; $STORAGE_DRIVER picks for a new store.
run $O import "$tmp/fs.tar" obox
run $O run --name o1 $N obox true
run $O inspect -f '{{.GraphDriver.Name}}' o1
check "overlay is the default driver" test "$out" = overlay
check "the store records overlay" test "$(cat "$tmp/oroot/storage-driver")" = overlay
# --rm: the overlay is volatile (no sync of its upper dir), as Podman's
# --rm containers' are; a kept container's is not, and its root mounts
# again where a volatile mount left its mark in the work dir.
run $O run --rm $N obox sh -c 'grep " / " /proc/mounts; echo x >/f; sync; cat /f'
check "a --rm container's root is volatile, and written" grep -q "volatile.*x$" <<<"$(echo $out)"
id2=$($O create $N obox sh -c 'grep -c volatile /proc/mounts; true')
mkdir -p "$tmp/oroot/containers/$id2/work/work/incompat/volatile"
touch "$tmp/oroot/containers/$id2/work/work/incompat/volatile/dirty"
run $O start -a "$id2"
check "a kept container's root is not volatile, and mounts over a volatile mount's mark" test "$status" = 0 -a "$out" = 0
$O rm "$id2" >/dev/null
run env STORAGE_DRIVER=vfs $W --root "$tmp/eroot" --runroot "$tmp/erun" info --format '{{.Store.GraphDriverName}}'
check "\$STORAGE_DRIVER picks a new store's driver" test "$out" = vfs
rm -rf "$tmp/eroot" "$tmp/erun"

if $rootless; then
  run $R run --rm $N --userns keep-id vbox true
  check_status 125
  check_err "Error: --userns keep-id, nomap, auto, --uidmap and --gidmap are not supported with the vfs storage driver for a regular user"
else
  # warren in a container: a store on overlayfs cannot hold an overlay's
  # upper dir; a new store there takes vfs by itself.
  mkdir -p "$tmp/ovl/l" "$tmp/ovl/u" "$tmp/ovl/w" "$tmp/ovl/m"
  mount -t overlay overlay -o "lowerdir=$tmp/ovl/l,upperdir=$tmp/ovl/u,workdir=$tmp/ovl/w" "$tmp/ovl/m"
  V="$W --root $tmp/ovl/m/root --runroot $tmp/ovl/m/run"
  run $V import "$tmp/fs.tar" nbox
  run $V run --rm $N nbox cat /data/linked
  check "a store on overlayfs runs containers with vfs" test "$status" = 0 -a "$out" = one
  check "and records vfs" test "$(cat "$tmp/ovl/m/root/storage-driver")" = vfs
  run $R mount $($R create $N vbox true)
  check "mount shows a vfs container's root" test -f "$out/data/linked"
  run $R unmount -a
  check_status 0
  $V rm -a -f >/dev/null 2>&1
fi
finish
