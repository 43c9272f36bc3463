# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/userns.sh WARREN: root's containers in a user
# namespace of their own (--uidmap/--gidmap, --subuidname/--subgidname,
# --userns auto, ns:PATH): the maps inside, the image's files seen as the
# container's through an idmapped mount and what it writes stored as the
# host ids its ids map to, exec, a bridge network and a published port,
# volumes (given to its ids on first use), :idmap and U binds, /dev/shm,
# restart, commit and export in the container's own ids, the vfs driver,
# Podman's errors, and nothing left after rm. /etc/subuid and /etc/subgid
# are the test's own, bound over the host's in its throwaway mount namespace.
. "$(dirname "$0")/lib.sh"
enter_throwaway_host "$0" "$@"
W=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
state_of_own userns
cleanup() {
  $R rm -a -f -t 0 >/dev/null 2>&1
  $R volume rm -a -f >/dev/null 2>&1
  umount /etc/subuid /etc/subgid 2>/dev/null
  umount "$tmp/run/netns" 2>/dev/null
  remove_tmp
}
trap cleanup EXIT
N="--network none"
M="--uidmap 0:100000:65536"

mkdir -p "$tmp/fs/bin" "$tmp/fs/etc" "$tmp/fs/tmp" "$tmp/fs/home/u" "$tmp/fs/www"
cp "$(command -v busybox)" "$tmp/fs/bin/busybox"
for l in sh cat echo sleep true id ls touch stat ip wget mkdir; do ln -s busybox "$tmp/fs/bin/$l"; done
printf 'root:x:0:0:root:/root:/bin/sh\nu:x:1000:1000::/home/u:/bin/sh\n' >"$tmp/fs/etc/passwd"
printf 'root:x:0:\nu:x:1000:\n' >"$tmp/fs/etc/group"
echo page >"$tmp/fs/www/index.html"
chown 1000:1000 "$tmp/fs/home/u"
chmod 1777 "$tmp/fs/tmp"
tar -C "$tmp/fs" --numeric-owner -cf "$tmp/fs.tar" .
run $R import "$tmp/fs.tar" ubox
check_status 0

# --uidmap: root inside, the image's owners as they are, writes stored
# as the mapped host ids.
run $R run --name m1 $N $M ubox sh -c 'id -u; cat /proc/self/uid_map; stat -c "%u %g" /bin/busybox /home/u /etc/hosts; echo x >/etc/written'
check_status 0
check "root inside" test "$(echo "$out" | sed -n 1p)" = 0
check "the map inside" test "$(echo "$out" | sed -n 2p | tr -s ' ')" = " 0 100000 65536"
check "the image's files are root's, u's u's, /etc/hosts root's" test "$(echo "$out" | sed -n 3,5p | tr '\n' ' ')" = "0 0 1000 1000 0 0 "
id1=$($R inspect -f '{{.Id}}' m1)
check "its write is the host's 100000" test "$(stat -c '%u %g' "$store/containers/$id1/upper/etc/written")" = "100000 100000"
check "the image's files stay the host's root's" test "$(stat -c %u "$store/images/$($R inspect -f '{{.Image}}' m1)/rootfs/bin/busybox" 2>/dev/null || echo 0)" = 0
run $R inspect -f '{{json .HostConfig.IDMappings}} {{.HostConfig.UsernsMode}}' m1
check "inspect: the maps, private" test "$out" = '{"UidMap":["0:100000:65536"],"GidMap":["0:100000:65536"]} private'

# commit and export show the container's own ids.
run $R commit -q m1 committed
check_status 0
run $R run --rm $N committed stat -c '%u %g' /etc/written
check "commit: the layer has the container's ids" test "$out" = "0 0"
$R export m1 | tar -tv --numeric-owner -f - etc/written >"$tmp/listing" 2>&1
check "export: the container's ids" grep -q '0/0' "$tmp/listing"
run $R start -a m1
check "restart: its files kept" test -f "$store/containers/$id1/upper/etc/written"
run $R rm m1
check "rm: its dir is gone" test ! -e "$store/containers/$id1"

run $R run --rm $N --uidmap 0:100000:1000 --gidmap 0:200000:500 ubox sh -c 'cat /proc/self/gid_map'
check "--gidmap: its own" test "$(echo "$out" | tr -s ' ')" = " 0 200000 500"
run $R run --rm $N --uidmap 1:100000:1000 ubox true
check_status 126
check_err "Error: container uses ID mappings (1:100000:1000), but doesn't map UID 0"
run $R run --rm $N --uidmap 0:100000 ubox true
check_status 125
check_err 'Error: initializing ID mappings: UID setting is malformed expected ["uint32:uint32:uint32"]: ["0:100000"]'

# exec: in its user namespace, as its root or --user.
run $R run -d --name ex $N $M ubox sleep 600
run $R exec ex sh -c 'id -u; cat /proc/self/uid_map'
check "exec: root in its namespace" test "$(echo "$out" | tr -s ' ' | tr '\n' '|')" = "0| 0 100000 65536|"
run $R exec --user 1000 ex sleep 0.3 &
sleep 0.15
check "exec --user 1000 is the host's 101000" test "$(ps -o uid= -C sleep | tr -d ' ' | grep -c 101000)" -ge 1
wait
run $R exec ex sh -c 'stat -c "%u %g %a" /dev/shm; echo y >/dev/shm/y && echo ok'
check "/dev/shm is its root's" test "$out" = "0 0 1777
ok"
# cp, running and stopped: in and out as the container's own ids.
echo copied >"$tmp/cpf"
run $R cp "$tmp/cpf" ex:/etc/cpf
check_status 0
run $R exec ex stat -c '%u %g' /etc/cpf
check "cp into it: its root's" test "$out" = "0 0"
run $R exec ex sh -c 'echo in >/etc/inside'
check "cp out of it: its own ids" test "$($R cp ex:/etc/inside - | tar -tv --numeric-owner -f - | awk '{print $2}')" = 0/0
run $R stop -t 0 ex
run $R cp "$tmp/cpf" ex:/etc/cpf2
check_status 0
check "cp out of it stopped: its own ids" test "$($R cp ex:/etc/inside - | tar -tv --numeric-owner -f - | awk '{print $2}')" = 0/0
run $R start ex
run $R exec ex stat -c '%u %g' /etc/cpf2
check "cp into it stopped: its root's" test "$out" = "0 0"
run $R rm -f -t 0 ex

# A bridge network: its server on port 80, from the host and from
# another container in a user namespace.
run $R run -d --name web -p 18091:80 $M ubox busybox httpd -f -p 80 -h /www
check_status 0
fetch http://127.0.0.1:18091/index.html
check "-p: the host reaches its server on port 80" test "$out" = page
ip=$($R inspect -f '{{.NetworkSettings.IPAddress}}' web)
run $R run --rm --uidmap 0:300000:65536 ubox wget -q -O- "http://$ip/index.html"
check "another container reaches it" test "$out" = page
run $R exec web cat /proc/sys/net/ipv4/ip_unprivileged_port_start
check "ports below 1024 are every user's there" test "$out" = 0
run $R rm -f -t 0 web
run $R run --rm $N $M ubox sh -c 'ip link show lo | grep -c UP'
check "--network none: lo up in its own network namespace" test "$out" = 1

# Volumes: a named one is the container's root's on first use; a bind
# shows the host's ids (root: nobody inside) unless :idmap; U gives it.
run $R run --rm $N $M -v data:/data ubox sh -c 'stat -c "%u" /data; echo v >/data/f'
check "a new volume is its root's inside" test "$out" = 0
check "and the host's 100000" test "$(stat -c %u "$($R volume inspect -f '{{.Mountpoint}}' data)/f")" = 100000
mkdir -p "$tmp/bind" && echo b >"$tmp/bind/f"
run $R run --rm $N $M -v "$tmp/bind:/b" ubox stat -c %u /b/f
check "a bind: the host's root is nobody inside" test "$out" = 65534
run $R run --rm $N $M -v "$tmp/bind:/b:idmap" ubox sh -c 'stat -c %u /b/f; echo w >/b/g'
check ":idmap: the host's root is root inside" test "$out" = 0
check ":idmap: its write is the host's root's" test "$(stat -c %u "$tmp/bind/g")" = 0
run $R run --rm $N $M --mount "type=bind,src=$tmp/bind,dst=/b,idmap" ubox stat -c %u /b/f
check "--mount ...,idmap: the same" test "$out" = 0
run $R run --rm $N $M -v "$tmp/bind:/b:U" ubox stat -c %u /b/f
check "U: given to its root" test "$out:$(stat -c %u "$tmp/bind/f")" = "0:100000"

# --subuidname and --subgidname, --userns auto: from the test's own files.
printf 'containers:200000:500000\nwarren-test:100000:65536\n' >"$tmp/subid"
mount --bind "$tmp/subid" /etc/subuid && mount --bind "$tmp/subid" /etc/subgid
run $R run --rm $N --subuidname warren-test ubox sh -c 'cat /proc/self/uid_map /proc/self/gid_map'
check "--subuidname: its range, for both" test "$(echo "$out" | tr -s ' ' | tr '\n' '|')" = " 0 100000 65536| 0 100000 65536|"
run $R run --rm $N --subuidname nobody ubox true
check_err 'Error: no subuid ranges found for user "nobody" in /etc/subuid'
run $R run -d --name a1 $N --userns auto ubox sleep 600
run $R exec a1 cat /proc/self/uid_map
check "auto: 1024 ids from containers' range" test "$(echo "$out" | tr -s ' ')" = " 0 200000 1024"
run $R run --rm $N --userns auto:size=5000 ubox cat /proc/self/uid_map
check "auto:size=: the next free ids" test "$(echo "$out" | tr -s ' ')" = " 0 201024 5000"
# Two at once never get the same ids.
$R run -d --name a2 $N --userns auto ubox sleep 600 >/dev/null &
$R run -d --name a3 $N --userns auto ubox sleep 600 >/dev/null
wait
check "auto: two creates at once, two ranges" test "$($R inspect -f '{{index .HostConfig.IDMappings.UidMap 0}}' a2)" != \
  "$($R inspect -f '{{index .HostConfig.IDMappings.UidMap 0}}' a3)"
run $R rm -f -t 0 a2 a3
run $R run --rm $N --userns auto:size=600000 ubox true
check_status 125
check_err "Error: creating container storage: could not find enough available IDs"
run $R run --rm $N --userns auto:bogus=1 ubox true
check_err 'Error: unknown option specified: "bogus"'
run env PODMAN_USERNS=auto $R run --rm $N ubox cat /proc/self/uid_map
check "\$PODMAN_USERNS=auto: --userns's default" test "$(echo "$out" | tr -s ' ')" = " 0 201024 1024"
printf '[containers]\nuserns = "auto"\n' >"$CONTAINERS_CONF"
run $R run --rm $N ubox cat /proc/self/uid_map
check "containers.conf's userns: the default under it" test "$(echo "$out" | tr -s ' ')" = " 0 201024 1024"
run env PODMAN_USERNS=host $R run --rm $N ubox cat /proc/self/uid_map
check "\$PODMAN_USERNS over containers.conf" test "$(echo "$out" | tr -s ' ')" = " 0 0 4294967295"
: >"$CONTAINERS_CONF"
run $R pod create --name up2 --userns auto $N
run $R run --rm --pod up2 ubox cat /proc/self/uid_map
check "pod create --userns auto: the next free ids" test "$(echo "$out" | tr -s ' ')" = " 0 201024 1024"
run $R pod rm -f -t 0 up2
run $R rm -f -t 0 a1

# --userns ns:PATH as root: another container's user namespace, joined.
run $R run -d --name holder $N --uidmap 0:300000:65536 ubox sleep 600
hpid=$($R inspect -f '{{.State.Pid}}' holder)
run $R run -d --name nsweb --userns "ns:/proc/$hpid/ns/user" -p 18095:80 ubox busybox httpd -f -p 80 -h /www
check_status 0
check "ns:PATH: the same user namespace" test "$(readlink /proc/$($R inspect -f '{{.State.Pid}}' nsweb)/ns/user)" = "$(readlink /proc/$hpid/ns/user)"
fetch http://127.0.0.1:18095/index.html
check "ns:PATH: its server on port 80 through a published port" test "$out" = page
run $R exec nsweb sh -c 'id -u; stat -c %u /bin/busybox'
check "ns:PATH: root inside, the image's files root's" test "$out" = "0
0"
run $R inspect -f '{{.HostConfig.UsernsMode}} {{index .HostConfig.IDMappings.UidMap 0}}' nsweb
check "inspect: the path and its maps" test "$out" = "ns:/proc/$hpid/ns/user 0:300000:65536"
# A pod in it: its infra's new namespaces and its members there.
run $R pod create --name nspod --userns "ns:/proc/$hpid/ns/user" -p 18096:80
check_status 0
run $R run -d --name nsmem --pod nspod ubox busybox httpd -f -p 80 -h /www
check_status 0
infra=$($R pod inspect -f '{{.InfraContainerID}}' nspod)
check "pod create --userns ns:PATH: the infra in it" test "$(readlink /proc/$($R inspect -f '{{.State.Pid}}' "$infra")/ns/user)" = "$(readlink /proc/$hpid/ns/user)"
check "... and its member" test "$(readlink /proc/$($R inspect -f '{{.State.Pid}}' nsmem)/ns/user)" = "$(readlink /proc/$hpid/ns/user)"
fetch http://127.0.0.1:18096/index.html
check "... serving on the pod's port" test "$out" = page
run $R pod rm -f -t 0 nspod
check_status 0
run $R rm -f -t 0 nsweb holder
run $R run --rm $N --userns ns:/proc/self/ns/net ubox true
check_status 125
check_err_has "is not a user namespace warren can join"

# Pods: the infra holds the pod's user namespace; its members are in it.
run $R pod create --name up1 --uidmap 0:100000:65536 --share +pid -p 18093:80
check_status 0
run $R pod inspect -f '{{.InfraConfig.UserNS}}' up1
check "pod inspect: private" test "$out" = private
run $R run -d --name psrv --pod up1 ubox busybox httpd -f -p 80 -h /www
check_status 0
fetch http://127.0.0.1:18093/index.html
check "a member serves on port 80 through the pod's port" test "$out" = page
run $R run --rm --pod up1 ubox sh -c 'cat /proc/self/uid_map; id -u; ls /proc | grep -c "^[0-9]"; stat -c %u /etc/hosts'
check "a member: the pod's /etc/hosts is its root's" test "$(echo "$out" | sed -n 4p)" = 0
check "a member: the pod's map, root" test "$(echo "$out" | sed -n 1,2p | tr -s ' ' | tr '\n' '|')" = " 0 100000 65536|0|"
check "a member shares the pod's PID namespace" test "$(echo "$out" | sed -n 3p)" -ge 3
check "the members share one user namespace" test "$(readlink /proc/$($R inspect -f '{{.State.Pid}}' psrv)/ns/user)" = \
  "$(readlink /proc/$($R inspect -f '{{.State.Pid}}' "$($R pod inspect -f '{{.InfraContainerID}}' up1)")/ns/user)"
run $R exec psrv cat /proc/self/uid_map
check "exec in a member" test "$(echo "$out" | tr -s ' ')" = " 0 100000 65536"
run $R run --rm --pod up1 --uidmap 0:200000:1000 ubox true
check_status 125
check_err "Error: cannot specify a new uid/gid map when entering a pod with an infra container: invalid argument"
run $R pod create --name up3 --userns keep-id
check_err "Error: keep-id is only supported in rootless mode"
run $R pod rm -f -t 0 up1
check_status 0

# The vfs driver: its copy seen through the maps.
V="$W --root $tmp/vroot --runroot $tmp/vrun --network-config-dir $tmp/net --storage-driver vfs"
$V import "$tmp/fs.tar" ubox >/dev/null
run $V run --name v1 $N $M ubox sh -c 'stat -c %u /home/u /bin/busybox; echo z >/z'
check "vfs: the image's owners inside" test "$(echo "$out" | tr '\n' ' ')" = "1000 0 "
run $V diff v1
check_out_has "A /z"
run $V rm v1

run $R rm -a -f -t 0
check "nothing mounted is left" test -z "$(grep "$tmp" /proc/self/mountinfo | grep -v -e subid -e run/netns)"
finish
