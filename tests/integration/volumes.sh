# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/volumes.sh WARREN [--rootless]: volumes and mounts as
# root and, with --rootless, as the unprivileged test user: -v (named,
# anonymous, bind; ro/rw, U, O), --mount, --tmpfs, --volumes-from,
# --read-only, image VOLUMEs and their first fill, the volume group,
# inspect's Mounts, Podman's words and exit codes for bad input, and
# hostile images and containers whose mount points are symlinks out.
. "$(dirname "$0")/lib.sh"
enter_throwaway_host "$0" "$@"
[ "${2:-}" = --rootless ] && as_test_user "$0" "$@"
W=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")  # absolute: one check runs from another dir
state_of_own volumes
cleanup() {
  $R rm -a -f -t 0 >/dev/null 2>&1
  remove_tmp
}
trap cleanup EXIT
N="--network none"

# An image with content at /data (owned 5:6, mode 750) and VOLUME /data.
mkdir -p "$tmp/fs/bin" "$tmp/fs/data/sub"
cp "$(command -v busybox)" "$tmp/fs/bin/busybox"
for l in sh cat ls echo mount stat touch mkdir rm mv ln grep id; do ln -s busybox "$tmp/fs/bin/$l"; done
echo content >"$tmp/fs/data/c" && echo deep >"$tmp/fs/data/sub/d"
chmod 750 "$tmp/fs/data"
$rootless || chown -R 5:6 "$tmp/fs/data"
tar -C "$tmp/fs" -cf "$tmp/fs.tar" .
run $R import --change 'CMD ["sh"]' --change 'VOLUME /data' "$tmp/fs.tar" volimg
check_status 0
run $R import --change 'CMD ["sh"]' "$tmp/fs.tar" plain
check_status 0

# Data outlives the container in a named volume, made on first use.
run $R run --rm $N -v keep:/k plain sh -c 'echo saved > /k/f'
check_status 0
run $R volume exists keep
check_status 0
run $R run --rm $N -v keep:/elsewhere plain cat /elsewhere/f
check "a named volume keeps its data" test "$out" = saved
run $R volume inspect --format '{{.Name}} {{.Driver}} {{.Mountpoint}} {{.Scope}}' keep
check "volume inspect" test "$out" = "keep local $store/volumes/keep/_data local"
check "one line per item, as Podman's (inspect -f used to add a blank one)" \
  test "$($R volume inspect -f '{{.Name}}' keep | wc -l)" = 1 -a "$($R network inspect -f '{{.Name}}' podman | wc -l)" = 1

# ro and rw.
run $R run --rm $N -v keep:/k:ro plain sh -c 'cat /k/f; echo x > /k/g'
check "ro: readable" test "$(printf '%s\n' "$out" | head -1)" = saved
check_err_has "Read-only file system"
check "ro: nothing written" test ! -e "$store/volumes/keep/_data/g"
run $R run --rm $N -v keep:/k:rw plain sh -c 'echo y > /k/g'
check_status 0
check "rw: written" test "$(cat "$store/volumes/keep/_data/g")" = y

# Bind mounts, both ways; a file bound onto a file.
mkdir -p "$tmp/host" && echo from-host >"$tmp/host/in" && echo single >"$tmp/one"
run $R run --rm $N -v "$tmp/host:/h" -v "$tmp/one:/etc/one:ro" plain sh -c 'cat /h/in; echo from-ctr > /h/out; cat /etc/one'
check_status 0
check "bind: the host's file is seen" test "$(printf '%s\n' "$out" | head -1)" = from-host
check "bind: a file onto a file" test "$(printf '%s\n' "$out" | tail -1)" = single
check "bind: the container's file is on the host" test "$(cat "$tmp/host/out")" = from-ctr
cd "$tmp"
run $R run --rm $N -v ./host:/h plain cat /h/in
cd - >/dev/null
check "a relative bind source is made absolute" test "$out" = from-host

# --mount forms, --tmpfs with size and mode.
run $R run --rm $N --mount "type=bind,source=$tmp/host,target=/b,readonly" --mount type=volume,src=keep,dst=/v \
  --mount type=tmpfs,dst=/t,tmpfs-size=2m,tmpfs-mode=1770 --tmpfs /u:size=1m,mode=700 plain \
  sh -c 'cat /b/in; cat /v/f; touch /b/x 2>/dev/null || echo b-ro; stat -c "%a" /t /u; mount | grep -E " /(t|u) "'
check_status 0
check_out_has "b-ro"
check_out_has "saved"
check_out_has "$(printf '1770\n700')"
check_out_has "size=2048k,mode=1770"
check_out_has "size=1024k,mode=700"
run $R run --rm $N --mount type=image,source=volimg,destination=/img --mount type=devpts,destination=/pts2 plain \
  sh -c 'cat /img/data/c; touch /img/x 2>/dev/null || echo img-ro; mount | grep -E " /(img|pts2) " | cut -d" " -f1,3,5'
check_status 0
check_out_has "$(printf 'content\nimg-ro')"
check_out_has "devpts /pts2 devpts"

# tmpcopyup (the default): a tmpfs over an image dir starts with its
# content; notmpcopyup empty; --image-volume tmpfs too.
run $R run --rm $N --tmpfs /data:size=1m volimg sh -c 'cat /data/c /data/sub/d; mount | grep " /data "'
check_out_has "$(printf 'content\ndeep\ntmpfs on /data type tmpfs (rw,nosuid,nodev,relatime,size=1024k')"
run $R run --rm $N --tmpfs /data:notmpcopyup volimg ls /data
check "notmpcopyup: empty" test -z "$out"
run $R run --rm $N --image-volume tmpfs volimg cat /data/c
check "--image-volume tmpfs: filled from the image" test "$out" = content
run $R run --rm $N --image-volume ignore volimg sh -c 'mount | grep -c " /data " || true'
check "--image-volume ignore: no mount" test "$out" = 0

# An image VOLUME: an anonymous volume, filled with the image's content
# (and its owner and mode) on first use; rm -v removes it, rm alone not.
run $R run $N --name anon volimg sh -c 'cat /data/c /data/sub/d; stat -c "%u:%g %a" /data'
check_status 0
check_out_has "$(printf 'content\ndeep')"
if $rootless; then check_out_has "0:0 750"; else check_out_has "5:6 750"; fi
anon=$($R inspect -f '{{range .Mounts}}{{.Name}}{{end}}' anon)
check "the anonymous volume is listed" test "$($R volume ls -q)" = "$(printf '%s\nkeep' "$anon")"
run $R inspect -f '{{json .Mounts}}' anon
check "inspect's Mounts" test "$out" = '[{"Type":"volume","Name":"'"$anon"'","Source":"'"$store/volumes/$anon/_data"'","Destination":"/data","Driver":"local","Mode":"","Options":["nodev","exec","nosuid","rbind"],"RW":true,"Propagation":"rprivate"}]'
run $R rm -v anon
check_status 0
check "rm -v removes the anonymous volume" test "$($R volume ls -q)" = keep
run $R run $N --name anon2 volimg sh -c :
anon2=$($R inspect -f '{{range .Mounts}}{{.Name}}{{end}}' anon2)
run $R rm anon2
run $R volume exists "$anon2"
check "rm without -v keeps it" test "$status" = 0
run $R volume rm "$anon2"
run $R run --rm $N volimg sh -c :
check "--rm takes its anonymous volumes along" test "$($R volume ls -q)" = keep
# A named volume over an image path is filled too; nocopy leaves it empty.
run $R run --rm $N -v filled:/data volimg ls /data
check_out_has "c"
run $R run --rm $N -v empty:/data:nocopy volimg ls /data
check "nocopy: not filled" test -z "$out"
run $R volume inspect --format '{{.NeedsCopyUp}}' filled
check "filled once" test "$out" = false

# volume rm of a volume in use: exit 2, Podman's words, nothing lost;
# -f removes the container with it.
run $R create $N --name user -v keep:/k plain true
uid=$($R inspect -f '{{.Id}}' user)
run $R volume rm keep
check_status 2
check_err "Error: volume keep is being used by the following container(s): $uid: volume is being used"
check "in use: the data stays" test "$(cat "$store/volumes/keep/_data/f")" = saved
run $R ps -a --filter volume=keep --format '{{.Names}} {{.Mounts}}'
check "ps --filter volume= and {{.Mounts}}" test "$out" = "user [/k]"
run $R inspect -f '{{json .HostConfig.Binds}}' user
check "HostConfig.Binds" test "$out" = '["keep:/k:rw,rprivate,nosuid,nodev,rbind"]'
run $R create $N --name tm --tmpfs /t:size=1m plain true
run $R inspect -f '{{json .HostConfig.Tmpfs}} {{json .Mounts}}' tm
check "HostConfig.Tmpfs, and no Mounts entry for it" test "$out" = '{"/t":"size=1m,rw,rprivate,nosuid,nodev,tmpcopyup"} []'
run $R rm tm
run $R volume create --label team=a labeled
run $R volume ls -q --filter label=team=a
check "ls --filter label" test "$out" = labeled
run $R volume ls -q --filter dangling=false
check "ls --filter dangling=false: in use" test "$out" = keep
run $R volume ls -q --filter name=^lab
check "ls --filter name (a regular expression)" test "$out" = labeled
run $R volume prune -f --filter label=team=b
check "prune --filter: only what matches" test -z "$out" -a "$($R volume exists labeled; echo $?)" = 0
run $R volume ls -q --filter until=2000-01-01T00:00:00Z --filter name=^lab
check "ls --filter until: none made before 2000" test -z "$out"
run $R volume ls -q --filter until=1893456000 --filter name=^lab
check "ls --filter until, Unix seconds: made before 2030" test "$out" = labeled
run $R volume prune -f --filter until=10m --filter label=team=a
check "prune --filter until=10m: not one made now" test -z "$out" -a "$($R volume exists labeled; echo $?)" = 0
run $R volume prune -f --filter until=bogus
check_err 'Error: failed to parse value as time or duration: "bogus"'
run $R volume rm labeled

# --volumes-from, read-only as asked.
run $R run --rm $N --volumes-from user:ro plain sh -c 'cat /k/f; touch /k/z'
check_out_has saved
check_err_has "Read-only file system"

# Files a container's other users own (subordinate ids, for a regular
# user) go with the volume: removed as root of a user namespace with the
# same maps.
run $R run --rm $N -v others:/o plain sh -c 'mkdir /o/d && touch /o/d/f && chown -R 123:45 /o/d && chmod 700 /o/d'
check_status 0
run $R volume rm others
check_status 0
check "a volume with other users' files is gone whole" test ! -e "$store/volumes/others"
# And a container's: its files leave the trash (purged in the background).
run $R run $N --name owner plain sh -c 'mkdir /x && touch /x/f && chown -R 123:45 /x && chmod 700 /x'
run $R rm owner
for _ in $(seq 50); do [ -z "$(ls -A "$store/containers/.trash" 2>/dev/null)" ] && break; sleep 0.1; done
check "a container with other users' files is gone whole" test -z "$(ls -A "$store/containers/.trash" 2>/dev/null)"

# pod rm takes its members' anonymous volumes, as Podman's; named ones stay.
run $R pod create $N --name vpod
run $R create --pod vpod -v /anon -v podnamed:/n plain true
check_status 0
anon=$($R inspect -f '{{range .Mounts}}{{if eq .Destination "/anon"}}{{.Name}}{{end}}{{end}}' "$out")
check "the member has an anonymous volume" $R volume exists "$anon"
run $R pod rm vpod
check_status 0
check "pod rm removed it" sh -c "! $R volume exists $anon"
check "and kept the named one" $R volume exists podnamed
run $R volume rm podnamed

# volume prune: only the unused ones.
run $R volume create unused
run $R volume prune -f
check_status 0
check "prune lists what it removed" test "$(printf '%s\n' "$out" | sort | tr '\n' ' ')" = "empty filled unused "
check "prune keeps volumes in use" test "$($R volume ls -q)" = keep
run $R volume rm -f keep
check_status 0
check "rm -f removes the containers using it" test -z "$($R ps -aq)"
check "and the volume" test -z "$($R volume ls -q)"

# --read-only: the root refuses writes, the tmpfs dirs take them.
run $R run --rm $N --read-only plain sh -c 'touch /x 2>/dev/null || echo root-ro; touch /tmp/a /run/b /var/tmp/c && echo tmp-ok'
check_out_has "$(printf 'root-ro\ntmp-ok')"
run $R run --rm $N --read-only --read-only-tmpfs=false plain sh -c 'touch /tmp/a 2>/dev/null || echo tmp-ro'
check_out_has "tmp-ro"

# U: the tree is given to the container's user; O: an overlay whose
# changes go away.
mkdir -p "$tmp/owned/d" && touch "$tmp/owned/d/f"
run $R run --rm $N --user 123:45 -v "$tmp/owned:/o:U" plain stat -c '%u:%g' /o /o/d /o/d/f
check "U: the tree is the container user's" test "$(printf '%s\n' "$out" | sort -u)" = "123:45"
$rootless || check "U: on the host too (root: the same ids)" test "$(stat -c %u:%g "$tmp/owned/d/f")" = "123:45"
# Mount flags and propagation reach the mount.
run $R run --rm $N -v "$tmp/host:/p:rshared,noexec" plain sh -c 'grep " /p " /proc/self/mountinfo'
check_out_has "noexec"
check_out_has "shared:"
run $R run --rm $N -v "$tmp/host:/ov:O" plain sh -c 'echo changed > /ov/in; cat /ov/in'
check "O: the container sees its change" test "$out" = changed
check "O: the host's file is untouched" test "$(cat "$tmp/host/in")" = from-host

# export and import.
run $R volume create ex
run $R run --rm $N -v ex:/e plain sh -c 'mkdir /e/d && echo x > /e/d/f && ln -s /etc/passwd /e/l'
run $R volume export -o "$tmp/ex.tar" ex
check_status 0
check "export's entries" test "$(tar tf "$tmp/ex.tar" | tr '\n' ' ')" = "d/ d/f l "
run $R volume create im
run sh -c "$R volume import im - < '$tmp/ex.tar'"
check_status 0
check "import" test "$(cat "$store/volumes/im/_data/d/f")" = x -a -L "$store/volumes/im/_data/l"
python3 - "$tmp/evil.tar" <<'EOF'
import io, sys, tarfile
with tarfile.open(sys.argv[1], "w") as t:
    i = tarfile.TarInfo("../../escaped"); i.size = 3; t.addfile(i, io.BytesIO(b"bad"))
EOF
run $R volume import im "$tmp/evil.tar"
check_status 125
check "import refuses an entry out of the volume" test ! -e "$store/volumes/escaped" -a ! -e "$store/escaped"

# volume create -o: a file system of its own, mounted while a container
# runs with it; a regular user's in one mount namespace all the user's
# containers share (a holder's, as Podman's pause process'), not the host's.
run $R volume create -o type=tmpfs -o device=tmpfs -o o=size=2m,nosuid tv
check_status 0
run $R volume inspect --format '{{json .Options}}' tv
check "-o options, as Go prints a map" test "$out" = '{"device":"tmpfs","o":"size=2m,nosuid","type":"tmpfs"}'
run $R run --rm $N -v tv:/t plain sh -c 'echo x > /t/x; ls -ln /t; mount | grep " /t "'
check_out_has "tmpfs on /t type tmpfs (rw,nosuid,nodev,relatime,size=2048k"
check_out_has " 0        0                2 "  # written by the container's root
$rootless && check_out_has "size=2048k,uid=$(id -u),gid=$(id -g))"  # as Podman's: the namespace's root is the user
run $R run --rm $N -v tv:/t plain ls /t
check "a new file system once no container ran with it" test -z "$out"
run $R network create tvnet
run $R run -d --name tva --network tvnet -v tv:/t plain sh -c 'echo a > /t/a; sleep 1000'
check_status 0
for _ in $(seq 50); do [ "$($R exec tva cat /t/a 2>/dev/null)" = a ] && break; sleep 0.1; done
run $R run --rm $N -v tv:/t plain sh -c 'cat /t/a; echo b > /t/b'
check "one file system for every container running with it" test "$out" = a
run $R exec tva cat /t/b
check "both ways, across networks" test "$out" = b
run $R volume inspect --format '{{.MountCount}}' tv
check "MountCount" test "$out" = 1
if $rootless; then
  check "the host sees none of it" test -z "$(ls -A "$store/volumes/tv/_data")"
  check "nothing mounted in the host's namespace" test "$(grep -c "$store/volumes/tv/" /proc/self/mountinfo)" = 0
  run $R run --rm $N --userns nomap -v tv:/t plain cat /t/a
  check "a container nested in the user's namespace sees it too" test "$out" = a
  # The monitor killed: what it held is let go of all the same.
  kill -9 "$(sed -n 's/.*"monitor":\([0-9]*\).*/\1/p' "$XDG_RUNTIME_DIR/warren/containers/$($R inspect --format '{{.Id}}' tva)/state.json")"
  for _ in $(seq 50); do [ -e "$XDG_RUNTIME_DIR/warren/volumes-holder" ] || break; sleep 0.1; done
  check "the holder ends with the last container using a volume of its own" test ! -e "$XDG_RUNTIME_DIR/warren/volumes-holder"
fi
run $R rm -f -t 0 tva
run $R network rm tvnet
check "unmounted when no container runs with it" test "$(grep -c "$store/volumes/tv/" /proc/self/mountinfo)" = 0
run $R run --rm $N -v tv:/t plain ls /t
check "gone with the last container" test -z "$out"
mkdir -p "$tmp/bindsrc" && echo b >"$tmp/bindsrc/f"
run $R volume create -o type=none -o device="$tmp/bindsrc" -o o=bind bv
run $R run --rm $N -v bv:/b plain sh -c 'cat /b/f; echo w > /b/w'
check "-o o=bind: a host dir as a named volume, both ways" test "$out" = b -a "$(cat "$tmp/bindsrc/w")" = w
run $R volume rm tv bv
check_status 0
check "removing it leaves the host dir" test -e "$tmp/bindsrc/f"

# pod create -v: every member gets it.
run $R pod create --name vp $N -v podvol:/shared
check_status 0
run $R run --rm --pod vp plain sh -c 'echo from-pod > /shared/x'
run $R run --rm --pod vp plain cat /shared/x
check "pod create -v reaches every member" test "$out" = from-pod
run $R pod rm -f vp

# Bad input: Podman's words and exit codes, nothing left.
before=$(ls -A "$store/volumes" | sort | tr '\n' ' ')
bad() {  # MESSAGE ARGS...
  local msg=$1
  shift
  run $R create $N "$@" plain true
  check_status 125
  check_err "Error: $msg"
}
bad "statfs $tmp/nonexist: no such file or directory" -v "$tmp/nonexist:/x"
bad 'invalid container path "data", must be an absolute path' -v keep:data
bad 'invalid option type "bogus"' -v keep:/d:bogus
bad 'invalid options "ro, rw", can only specify 1 '"'rw' or 'ro'"' option' -v "$tmp/host:/x:ro,rw"
bad 'a:b:c:d: incorrect volume format, should be [host-dir:]ctr-dir[:option]' -v a:b:c:d
bad 'creating named volume "a/b": running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument' -v a/b:/x
bad 'invalid filesystem type "foo"' --mount type=foo,dst=/x
bad 'must set volume destination' --mount type=bind,src=/tmp
bad 'unknown mount option "bogus": invalid mount option' --tmpfs /t:bogus
bad '/x: duplicate mount destination' -v /x -v keep:/x
check "bad input made no volume" test "$(ls -A "$store/volumes" | sort | tr '\n' ' ')" = "$before"
check "bad input made no container" test -z "$($R ps -aq)"
run $R volume rm nope
check_status 1
check_err 'Error: no volume with name "nope" found: no such volume'
run $R volume create im
check_status 125
check_err "Error: volume with name im already exists: volume already exists"
run $R volume create ../x
check_status 125
check "a name that is a path is refused" test ! -e "$store/x"

# Hostile: an image whose mount point is a symlink to a host path, and a
# container that turns a parent of its mount point into one before a
# restart. The mounts stay inside the container; the victim is untouched,
# and its content never reaches a volume.
V=$tmp/victim
mkdir -p "$V" && echo keep >"$V/file"
mkdir -p "$tmp/evilfs/bin"
cp "$tmp/fs/bin/busybox" "$tmp/evilfs/bin/" && ln -s busybox "$tmp/evilfs/bin/sh"
ln -s busybox "$tmp/evilfs/bin/ls" && ln -s busybox "$tmp/evilfs/bin/mv" && ln -s busybox "$tmp/evilfs/bin/ln"
ln -s "$V" "$tmp/evilfs/data"
tar -C "$tmp/evilfs" -cf "$tmp/evil-img.tar" .
run $R import --change 'VOLUME /data' "$tmp/evil-img.tar" evil
run $R run --rm $N -v evilvol:/data:U evil sh -c 'echo planted > /data/p; ls /data'
check_status 0
check "the image's symlink did not lead the volume onto the host" test "$(ls -A "$V")" = file
check "nor the host's files into the volume" test "$(ls -A "$store/volumes/evilvol/_data")" = p
run $R create $N --name turn -v turnvol:/a/b plain sh -c 'ls /a/b; touch /a/b/t'
run $R start -a turn
check_status 0
# What the container leaves in its own files, as it could have made it:
# its mount point's parent turned into a symlink to the victim.
turn=$($R inspect -f '{{.Id}}' turn)
rm -rf "$store/containers/$turn/upper/a" && ln -s "$V" "$store/containers/$turn/upper/a"
run $R start -a turn
check_status 0
check "a planted parent symlink kept the mount inside" test "$(ls -A "$V")" = file -a "$(cat "$V/file")" = keep
check "and the volume was mounted there" test -e "$store/volumes/turnvol/_data/t"
run $R rm -v turn

finish
