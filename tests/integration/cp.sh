# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/cp.sh WARREN [--rootless]: `cp` as root and, with
# --rootless, as the unprivileged test user: Podman's placement rules
# (into a directory, as a new name, "DIR/."), its errors and exit codes,
# "-" streams, running, stopped and never-started containers, volumes and
# binds of a stopped one, container to container, --archive's owner,
# --overwrite; and symlinks a container left that must never carry a copy
# onto the host, or the host's files into a copy.
. "$(dirname "$0")/lib.sh"
enter_throwaway_host "$0" "$@"
[ "${2:-}" = --rootless ] && as_test_user "$0" "$@"
W=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
state_of_own cp
cleanup() {
  $R rm -a -f -t 0 >/dev/null 2>&1
  $rootless || umount "$tmp/run/netns" 2>/dev/null
  remove_tmp
}
trap cleanup EXIT
N="--network none"

mkdir -p "$tmp/fs/bin" "$tmp/fs/etc" "$tmp/fs/tmp"
cp "$(command -v busybox)" "$tmp/fs/bin/busybox"
for l in sh cat echo sleep true ls ln stat mkdir readlink; do ln -s busybox "$tmp/fs/bin/$l"; done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' >"$tmp/fs/etc/passwd"
printf 'root:x:0:\nnobody:x:65534:\n' >"$tmp/fs/etc/group"
echo container-secret >"$tmp/fs/etc/secret"
chmod 1777 "$tmp/fs/tmp"
tar -C "$tmp/fs" -cf "$tmp/fs.tar" .
run $R import "$tmp/fs.tar" cbox
check_status 0

h=$tmp/host
mkdir -p "$h/d/sub" "$h/out"
echo hello >"$h/f"
echo a >"$h/d/a"
echo b >"$h/d/sub/b"
ln -s f "$h/lnk"
cd "$h" || exit 1

$R run -d $N --name c1 cbox sleep 600 >/dev/null
inside() { $R exec c1 "$@"; }

# Host to container: into a directory, as a new name, a directory under
# its own name or as the name given, "DIR/." as its contents, a symlink
# given as the source followed.
run $R cp f c1:/tmp/
check_status 0
run $R cp f c1:/tmp/new
check_status 0
run $R cp d c1:/tmp/
check_status 0
run $R cp d c1:/tmp/dd
check_status 0
run $R cp d/. c1:/tmp/contents
check_status 0
run $R cp lnk c1:/tmp/lnk
check_status 0
run inside cat /tmp/f /tmp/new /tmp/d/a /tmp/d/sub/b /tmp/dd/a /tmp/contents/sub/b /tmp/lnk
check "copies land where Podman puts them" test "$out" = "$(printf 'hello\nhello\na\nb\na\nb\nhello')"
run inside ls /tmp/contents
check "DIR/. copies what is in it" test "$out" = "$(printf 'a\nsub')"
run inside stat -c %F /tmp/lnk
check "a symlink named as the source is followed" test "$out" = "regular file"
# Relative paths: the host's from the working directory, the
# container's from its working directory (/).
run $R cp ./f c1:tmp/rel
check_status 0
run inside cat /tmp/rel
check "relative container path" test "$out" = hello

# Podman's errors, each exit 125, nothing made.
run $R cp f c1:/nonexist/new
check_status 125
check_err 'Error: "/nonexist/new" could not be found on container c1: no such file or directory'
run $R cp f c1:/tmp/absent/
check_status 125
check_err 'Error: "/tmp/absent/" could not be found on container c1: no such file or directory'
run $R cp d c1:/tmp/new
check_status 125
check_err 'Error: destination must be a directory when copying a directory'
run $R cp nope c1:/tmp/
check_status 125
check_err 'Error: "nope" could not be found on the host: no such file or directory'
run $R cp c1:/nope out/x
check_status 125
check_err 'Error: "/nope" could not be found on container c1: no such file or directory'
check "a missing source makes nothing" test ! -e out/x
run $R cp nocont:/x out/
check_status 125
check_err 'Error: container "nocont" does not exist'
run $R cp f out/g
check_status 125
check_err 'Error: name or ID cannot be empty'
run $R cp f
check_status 125
check_err 'Error: accepts 2 arg(s), received 1'
run $R cp c1:/dev/null out/null
check_status 125
check_err 'Error: "/dev/null" on container c1: not a regular file or a directory'

# Container to host.
run $R cp c1:/tmp/d out/
check_status 0
run $R cp c1:/tmp/d out/renamed
check_status 0
run $R cp c1:/tmp/f out/file
check_status 0
check "container to host" test "$(cat out/d/sub/b out/renamed/a out/file)" = "$(printf 'b\na\nhello')"

# Streams: "-" writes a tar, or extracts one into a directory.
run bash -c "$R cp c1:/tmp/d - | tar -t | sort"
check "cp to - writes a tar of the directory" test "$out" = "$(printf 'd/\nd/a\nd/sub/\nd/sub/b')"
run bash -c "$R cp c1:/tmp/d/. - | tar -t | sort"
check "cp DIR/. to - writes its contents" test "$out" = "$(printf 'a\nsub/\nsub/b')"
run bash -c "tar -C '$h' -c f | $R cp - c1:/tmp/dd"
check_status 0
run inside cat /tmp/dd/f
check "a tar from stdin extracted" test "$out" = hello
run bash -c "tar -C '$h' -c f | $R cp - c1:/tmp/dd/a"
check_status 125
check_err 'Error: destination must be a directory when copying from stdin'

# --overwrite: a directory and a file replace each other only with it.
inside mkdir -p /tmp/ow/f
run $R cp f c1:/tmp/ow/
check_status 125
check_err 'Error: copying "f": cannot overwrite directory with a non-directory'
run $R cp --overwrite f c1:/tmp/ow/
check_status 0
run inside cat /tmp/ow/f
check "--overwrite replaced the directory" test "$out" = hello

# A container that never ran, its volume and bind while stopped, and
# container to container; --archive gives the copy to the container's
# user.
mkdir -p "$h/bound"
$R create $N --name c2 --user nobody -v cpvol:/data -v "$h/bound:/bound" cbox sleep 600 >/dev/null
run $R cp d c2:/tmp/fresh
check_status 0
run $R cp f c2:/data/
check_status 0
run $R cp f c2:/bound/
check_status 0
check "a stopped container's bind mount is copied into" test "$(cat "$h/bound/f")" = hello
run $R cp c1:/tmp/dd c2:/tmp/
check_status 0
$R start c2 >/dev/null
run $R exec c2 cat /tmp/fresh/sub/b /data/f /tmp/dd/f
check "copies into a stopped container are there once it runs" test "$out" = "$(printf 'b\nhello\nhello')"
run $R exec c2 stat -c %u:%g /tmp/fresh /tmp/fresh/a /data/f
check "--archive: the container's user owns the copy" test "$out" = "$(printf '65534:65534\n65534:65534\n65534:65534')"
$R stop -t 0 c2 >/dev/null
run bash -c "$R cp c2:/data/f - | tar -xO"
check "a stopped container's volume is read" test "$out" = hello
run $R cp -a=false f c1:/tmp/kept
check_status 0
run inside stat -c %u /tmp/kept
# As a regular user, the user's own uid is a subordinate one inside.
check "--archive=false keeps the source's owner" test "$out" = "$(id -u)"

# Hostile symlinks: the container points paths at the host's /etc and /;
# every copy stays inside its root.
inside ln -s /etc /tmp/etclink
inside ln -s / /tmp/up
inside ln -s ../../../../../../etc/secret /tmp/secretlink
host_etc_marker=cp-escape-$$
run $R cp f c1:/tmp/etclink/$host_etc_marker
check_status 0
check "a symlink to /etc leads to the container's /etc" test ! -e /etc/$host_etc_marker
run inside cat /etc/$host_etc_marker
check "... where the copy is" test "$out" = hello
run $R cp f c1:/tmp/up/../../etc/$host_etc_marker-2
check_status 0
check "a path through / and .. stays in the root" test ! -e /etc/$host_etc_marker-2
run bash -c "$R cp c1:/tmp/secretlink - | tar -xO"
check "a symlink out of the root reads the container's file" test "$out" = container-secret
run $R cp c1:/tmp/up/etc/secret out/secret
check_status 0
check "... to the host too" test "$(cat out/secret)" = container-secret
# A symlink inside a copied directory stays a symlink on the host, and
# nothing of the copy lands through it.
inside mkdir -p /tmp/tree
inside ln -s /etc /tmp/tree/escape
run $R cp c1:/tmp/tree out/
check_status 0
run readlink out/tree/escape
check "a symlink in a copied tree is copied as one" test "$out" = /etc

# mount and unmount: the root on the host, for root; counted, as Podman's.
if $rootless; then
  run $R mount c1
  check_status 125
  check_err 'Error: cannot run command "warren mount" in rootless mode: the mount would end with the command'"'"'s own namespace'
  finish
fi
run $R unmount
check_status 125
check_err "Error: you must provide at least one name or id"
$R create $N --name m1 cbox sleep 600 >/dev/null
m1=$($R inspect -f '{{.Id}}' m1)
run $R mount m1
check_status 0
check "mount prints the root's path" test "$out" = "$store/containers/$m1/merged"
path=$out
check "the image's files are there" test -x "$path/bin/busybox"
echo from-host >"$path/fromhost"
run $R mount
check "mount lists it" test "$out" = "${m1:0:12}  $path"
run $R mount --no-trunc
check "--no-trunc" test "$out" = "$m1  $path"
run $R container mount --format json
check_out_has "\"mountpoint\": \"$path\""
run $R mount --format '{{.ID}}'
check_status 125
check_err 'Error: unknown --format argument: "{{.ID}}"'
run $R start m1
run $R exec m1 cat /fromhost
check "what the host wrote, the container sees" test "$out" = from-host
$R exec m1 sh -c 'echo from-inside > /frominside'
check "what the container writes, the host sees" test "$(cat "$path/frominside")" = from-inside
$R mount m1 >/dev/null
run $R unmount m1
check "unmount prints the name" test "$out" = m1
check "counted: still mounted after one of two" test -e "$path/fromhost"
run $R umount m1
check_status 0
check "gone at zero" test ! -e "$path/fromhost"
run $R mount
check "nothing listed" test -z "$out"
run $R unmount m1
check "unmounting what is not mounted: the name, 0" test "$status:$out" = "0:m1"
$R mount m1 >/dev/null
$R mount m1 >/dev/null
run $R unmount -f m1
check "-f: gone at once" test "$(grep -c " $path " /proc/self/mountinfo)" = 0
$R mount m1 >/dev/null
run $R rm -f -t 0 m1
check_status 0
check "rm unmounts" test "$(grep -c " $path " /proc/self/mountinfo)" = 0
run $R unmount nosuch
check_status 125
check_err 'Error: no container with name or ID "nosuch" found: no such container'

finish
