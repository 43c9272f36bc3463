# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/run_flags.sh WARREN [--rootless]: run and create's
# remaining flags, each where it shows, as root and, with --rootless, as
# the unprivileged test user: the /etc/passwd lines (--user, --passwd,
# --passwd-entry, --hostuser), -a, --preserve-fds, --personality,
# --timeout, --conmon-pidfile, --init-path, --requires, --rmi, run -it's
# detach keys and --sig-proxy, --http-proxy, --env-merge, --pod-id-file,
# --systemd, --seccomp-policy image, the cgroup ones (root), Podman's
# errors; --userns (keep-id, nomap, --uidmap, ns:PATH as a regular
# user); pod create's pod-level forms (its cgroup and limits as root).
. "$(dirname "$0")/lib.sh"
enter_throwaway_host "$0" "$@"
[ "${2:-}" = --rootless ] && as_test_user "$0" "$@"
W=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
state_of_own run-flags
cleanup() {
  $R rm -a -f -t 0 >/dev/null 2>&1
  $R pod rm -a -f -t 0 >/dev/null 2>&1
  $rootless || umount "$tmp/run/netns" 2>/dev/null
  remove_tmp
}
trap cleanup EXIT
N="--network none"

mkdir -p "$tmp/fs/bin" "$tmp/fs/etc" "$tmp/fs/tmp" "$tmp/fs/sbin"
cp "$(command -v busybox)" "$tmp/fs/bin/busybox"
for l in sh cat echo sleep true id ls tail uname mount mkdir grep cut; do ln -s busybox "$tmp/fs/bin/$l"; done
ln -s ../bin/busybox "$tmp/fs/sbin/init"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$tmp/fs/etc/passwd"
printf 'root:x:0:\n' >"$tmp/fs/etc/group"
tar -C "$tmp/fs" -cf "$tmp/fs.tar" .
run $R import "$tmp/fs.tar" fbox
check_status 0

# --rootfs: a directory as the root, written to (with :O, an overlay whose
# changes stay the container's).
run $R run --rm $N --rootfs "$tmp/fs" sh -c 'echo direct >/written; cat /written'
check_status 0
check "--rootfs: the process ran in the dir" test "$out" = direct
check "--rootfs: its writes land in the dir" test "$(cat "$tmp/fs/written" 2>/dev/null)" = direct
rm -f "$tmp/fs/written"
run $R run --rm $N --rootfs "$tmp/fs:O" sh -c 'echo over >/written; cat /written'
check "--rootfs DIR:O: the process sees its write" test "$out" = over
check "--rootfs DIR:O: the dir is left as it was" test ! -e "$tmp/fs/written"
run $R create $N --name rooted --rootfs "$tmp/fs" true
run $R inspect -f '{{.Image}}|{{.ImageName}}|{{.Rootfs}}' rooted
check "--rootfs: inspect shows the dir, no image" test "$out" = "||$tmp/fs"
run $R rm rooted
run $R run --rm $N --rootfs "$tmp/nothere" true
check_status 125
check_err "Error: running container create option: stat $tmp/nothere: no such file or directory"

# /etc/passwd and /etc/group: Podman's lines for a numeric --user, the
# template, the host's users; the image's own files are left as they are.
run $R run --rm $N --user 1234 fbox sh -c 'tail -1 /etc/passwd; tail -1 /etc/group; id; echo $HOME'
check "a numeric user gets Podman's lines, and no group of them" test "$out" = "1234:*:1234:0:container user:/:/bin/sh
1234:x:1234:1234
uid=1234(1234) gid=0(root) groups=0(root)
/"
run $R run --rm $N --user 1234:99 -w /tmp fbox sh -c 'tail -1 /etc/passwd; tail -1 /etc/group'
check "its group and workdir" test "$out" = "1234:*:1234:99:container user:/tmp:/bin/sh
99:x:99:1234"
run $R run --rm $N --user 1234 --passwd=false fbox tail -1 /etc/passwd
check "--passwd=false adds nothing" test "$out" = "root:x:0:0:root:/root:/bin/sh"
run $R run --rm $N --user 1234 --passwd-entry 'X:$USERNAME:$UID:$GID:$NAME:$HOME' fbox tail -1 /etc/passwd
check "--passwd-entry's template" test "$out" = "X:1234:1234:0:container user:/"
run $R run --rm $N --hostuser daemon --hostuser 0 fbox tail -2 /etc/passwd
check "--hostuser: the host's user, root already there" test "$out" = "root:x:0:0:root:/root:/bin/sh
daemon:*:1:1:daemon:/:/bin/sh"
run $R run --rm $N fbox cat /etc/passwd
check "the image's file when nothing is added" test "$out" = "root:x:0:0:root:/root:/bin/sh"
run $R run --rm $N --name hu --hostuser nosuch fbox true
check_status 126
check_err_has "creating temporary passwd file for container "
check_err_has ": user: unknown user nosuch"
run $R run --rm $N --user 1234:nogroup fbox true
check_status 126
check_err "Error: unable to find group nogroup: no matching entries in group file"

# -a: the outputs the terminal shows; stdin with -i only.
run $R run --rm $N -a stdout fbox sh -c 'echo out; echo err >&2'
check "-a stdout" test "$out|$err" = "out|"
run $R run --rm $N -a STDERR fbox sh -c 'echo out; echo err >&2'
check "-a stderr, any case" test "$out|$err" = "|err"
run bash -c "echo hi | $R run --rm $N -i -a stdout fbox cat"
check "-i takes stdin with -a stdout" test "$out" = hi
run $R run --rm $N -a foo fbox true
check_status 125
check_err 'Error: invalid stream "foo" for --attach - must be one of stdin, stdout, or stderr: invalid argument'

# --preserve-fds: the caller's fds 3 and 4 in the container, and no more.
echo three >"$tmp/three"
run bash -c "$R run --rm $N --preserve-fds 2 fbox sh -c 'cat <&3; cat <&4; ls /proc/self/fd' 3<'$tmp/three' 4</etc/hostname"
check_status 0
check "fd 3 is the caller's" test "$(echo "$out" | head -1)" = three
check "the next fd is not handed on" test "$(echo "$out" | tail -n +3 | tr '\n' ' ')" = "0 1 2 3 4 5 "
run bash -c "$R run --rm $N --preserve-fds 2 fbox true 3</etc/hostname"
check_status 125
check_err "Error: file descriptor 4 is not available - the preserve-fds option requires that file descriptors must be passed"
run $R run -d $N --name pfx fbox sleep 600
run bash -c "$R exec --preserve-fds 1 pfx sh -c 'cat <&3' 3<'$tmp/three'"
check "exec --preserve-fds" test "$status:$out" = "0:three"
run bash -c "$R exec --preserve-fds 2 pfx true 3</etc/hostname"
check_err "Error: file descriptor 4 is not available - the preserve-fds option requires that file descriptors must be passed"
run $R rm -f -t 0 pfx

# --personality, --timeout, --conmon-pidfile.
run $R run --rm $N --personality LINUX32 fbox uname -m
check "LINUX32: a 32-bit machine name" test "$out" = i686
run $R run --rm $N --personality LINUX64 fbox true
check_err 'Error: invalid personality "LINUX64": must be LINUX or LINUX32'
run $R run $N --name to --timeout 1 fbox sleep 30
check_status 255
run $R ps -a --filter name=to --format '{{.Status}}'
check_out_has "Exited (-1)"
run $R inspect -f '{{.Config.Timeout}} {{.State.ExitCode}}' to
check "inspect shows the timeout and -1" test "$out" = "1 -1"
run $R run -d $N --name cp1 --conmon-pidfile "$tmp/cpid" fbox sleep 600
check "--conmon-pidfile holds the monitor's pid" test "$(cat "$tmp/cpid")" = "$($R inspect -f '{{.State.ConmonPid}}' cp1)"
run $R inspect -f '{{.ConmonPidFile}}' cp1
check "inspect shows it" test "$out" = "$tmp/cpid"

# --init-path: its init bound at /run/podman-init.
printf '#!/bin/sh\nshift\necho "my init"\nexec "$@"\n' >"$tmp/myinit"
chmod 755 "$tmp/myinit"
run $R run --rm $N --init --init-path "$tmp/myinit" fbox echo after
check "--init-path's init runs first" test "$out" = "my init
after"
run $R run --rm $N --init --init-path /nonexistent fbox true
check_status 125
check_err "Error: container-init binary not found on the host: stat /nonexistent: no such file or directory"

# --requires: started first; removed only after what requires it.
run $R create $N --name dep fbox sleep 600
run $R run -d $N --name main --requires dep fbox sleep 600
check_status 0
run $R inspect -f '{{.State.Status}}' dep
check "the required container was started" test "$out" = running
depid=$($R inspect -f '{{.Id}}' dep)
run $R rm -f dep
check_status 125
check_err "Error: container $depid has dependent containers which must be removed before it: $($R inspect -f '{{.Id}}' main): container already exists"
run $R rm -f -t 0 --depend dep
check_status 0
check "rm --depend: the dependent first, then what it requires" test "$(echo "$out" | tr '\n' ' ')" = "$($R inspect -f '{{.Id}}' main 2>/dev/null)dep " -o "$(echo "$out" | wc -l)" = 2
run $R ps -a --filter name=dep --format '{{.Names}}'
check "both gone" test -z "$out"
run $R create $N --name dep2 fbox true
run $R create $N --name main2 --requires dep2 fbox true
run $R rm -a -f -t 0
check_status 0
check "rm -a takes a dependent before what it requires" test -z "$($R ps -a -q)"
run $R run --rm $N --requires nosuch fbox true
check_err 'Error: "nosuch" is not a valid container, cannot be used as a dependency: no container with name or ID "nosuch" found: no such container'

# --rmi: the image as given goes after the container; in use, it stays.
run $R tag fbox rmibox
run $R run --rm $N --rmi rmibox true
check_status 0
run $R images --format '{{.Repository}}'
check_out_lacks rmibox
check_out_has localhost/fbox
run $R create $N --name holder fbox true
run $R run --rm $N --rmi fbox true
check_status 0
check_err_has "image is in use by a container"
run $R image exists fbox
check_status 0

# run -it: ctrl-p ctrl-q detaches, the container goes on; attach finds it.
run bash -c "(sleep 1; printf 'echo hello\r'; sleep 0.5; printf '\020\021'; sleep 1) | timeout 20 script -qec '$R run -it $N --name dt fbox sh' /dev/null"
check_status 0
check_out_has hello
run $R inspect -f '{{.State.Status}}' dt
check "detached, it runs on" test "$out" = running
run bash -c "(sleep 0.5; printf 'exit 3\r'; sleep 1) | timeout 20 script -qec '$R attach dt' /dev/null"
check_status 3
run bash -c "(sleep 1; printf 'q'; sleep 0.3; printf 'exit 4\r'; sleep 1) | timeout 20 script -qec \"$R run -it --rm $N --detach-keys '' fbox sh\" /dev/null"
check_status 127  # no detach keys: the q is typing ("qexit": not found)
run $R run --rm $N --detach-keys bogus fbox true
check_status 126
check_err "Error: invalid detach keys: Unknown character: 'bogus'"
# exec -it: the same keys leave the exec session running, unattached.
$R run -d $N --name ebox fbox sleep 600 >/dev/null
run bash -c "(sleep 1; printf 'echo hi; sleep 600\r'; sleep 0.5; printf '\020\021'; sleep 1) | timeout 20 script -qec '$R exec -it ebox sh' /dev/null"
check "exec -it: ctrl-p ctrl-q returns at once, 0 ($status)" test "$status" = 0
check_out_has hi
run $R top ebox args
check_out_has "sleep 600"
check "and the session's shell runs on ($out)" test "$(echo "$out" | grep -c '^sh *$')" = 1
run bash -c "(sleep 1; printf 'q'; sleep 0.3; printf 'exit 4\r'; sleep 1) | timeout 20 script -qec \"$R exec -it --detach-keys q ebox sh\" /dev/null"
check "exec --detach-keys q" test "$status" = 0
run bash -c "(sleep 1; printf 'exit 5\r'; sleep 1) | timeout 20 script -qec \"$R exec -it --detach-keys '' ebox sh\" /dev/null"
check_status 5
run $R exec -it --detach-keys bogus ebox true
check_status 125
check_err "Error: invalid detach keys: Unknown character: 'bogus'"
run $R rm -f -t 0 ebox

# --sig-proxy=false: a signal ends the CLI and not the container.
$R run $N --name sp --sig-proxy=false fbox sleep 600 >/dev/null 2>&1 &
cli=$!
for i in $(seq 50); do [ "$($R inspect -f '{{.State.Status}}' sp 2>/dev/null)" = running ] && break; sleep 0.1; done
kill -TERM $cli
wait $cli
check "the CLI ends by the signal" test $? = 143
run $R inspect -f '{{.State.Status}}' sp
check "the container runs on" test "$out" = running

# The environment: the host's proxies, --env-merge.
run env http_proxy=hp NO_PROXY=np $R run --rm $N fbox sh -c 'echo $http_proxy $NO_PROXY'
check "the host's proxy variables" test "$out" = "hp np"
run env http_proxy=hp $R run --rm $N --http-proxy=false fbox sh -c 'echo "[$http_proxy]"'
check "--http-proxy=false" test "$out" = "[]"
run env http_proxy=hp $R run --rm $N -e http_proxy=mine fbox sh -c 'echo $http_proxy'
check "-e wins" test "$out" = mine
run $R run --rm $N --env-merge 'PATH=/x:${PATH}' --env-merge 'NEW=${HOME}y' fbox sh -c 'echo $PATH; echo "[$NEW]"'
check "--env-merge expands what is there, adds nothing" test "$out" = "/x:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
[]"

# --pod-id-file.
run $R pod create --name pp $N
$R pod inspect -f '{{.ID}}' pp >"$tmp/podid"
run $R create --name inpod --pod-id-file "$tmp/podid" fbox true
check_status 0
run $R inspect -f '{{.Pod}}' inpod
check "the file's pod" test "$out" = "$(cat "$tmp/podid")"
run $R create --pod pp --pod-id-file "$tmp/podid" fbox true
check_err "Error: cannot specify both --pod and --pod-id-file"
run $R create --pod-id-file "$tmp/nonexistent" fbox true
check_err "Error: reading pod ID file: open $tmp/nonexistent: no such file or directory"

# --systemd: an init command, or always: its tmpfs and its stop signal.
run $R run --rm $N --systemd always fbox sh -c 'mount | grep -E " /run/lock | /var/log/journal " | cut -d" " -f1-5'
check "systemd mode's tmpfs" test "$out" = "tmpfs on /run/lock type tmpfs
tmpfs on /var/log/journal type tmpfs"
run $R create $N --name sd fbox /sbin/init
run $R inspect -f '{{.Config.StopSignal}} {{.Config.SystemdMode}}' sd
check "an init command: systemd mode, SIGRTMIN+3" test "$out" = "37 true"
run $R create $N --name sd2 --systemd false fbox /sbin/init
run $R inspect -f '{{.Config.StopSignal}}' sd2
check "--systemd false" test "$out" = 15
run $R run --rm $N --systemd bogus fbox true
check_err 'Error: invalid config provided: --systemd values must be one of "true, false, always": invalid configuration'

# --seccomp-policy image: the profile in the image's label.
run $R import --change 'LABEL io.containers.seccomp.profile={"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO"}]}' "$tmp/fs.tar" secbox
run $R run --rm $N --seccomp-policy image secbox mkdir /x
check_status 1
check_err_has "Operation not permitted"
run $R run --rm $N secbox mkdir /x
check_status 0
run $R run --rm $N --seccomp-policy image fbox true
check_err "Error: no seccomp policy defined by image"
run $R run --rm $N --seccomp-policy bogus fbox true
check_err 'Error: invalid seccomp policy "bogus": valid policies are ["default" "image"]'

# Kept for inspect; Podman's errors.
run $R create $N --name kept --sdnotify ignore --chrootdirs /a,/b --disable-content-trust --log-opt tag=mytag fbox true
run $R inspect -f '{{.Config.sdNotifyMode}} {{.Config.ChrootDirs}} {{.Config.Passwd}} {{.HostConfig.LogConfig.Tag}}' kept
check "inspect shows them" test "$out" = "ignore [/a /b] true mytag"
run $R run --rm $N --sdnotify bogus fbox true
check_err 'Error: invalid config provided: invalid argument: invalid sdnotify value "bogus": must be container, conmon or ignore'

# --sdnotify under systemd (NOTIFY_SOCKET set; here a socket of the test's
# plays systemd's): conmon, container, ignore.
printf '%s\n' '#include <stdlib.h>' '#include <string.h>' '#include <sys/socket.h>' '#include <sys/un.h>' \
  'int main(int argc, char** argv) { const char* p = getenv("NOTIFY_SOCKET"); if (!p || argc < 2) return 2;' \
  '  struct sockaddr_un a = {0}; a.sun_family = AF_UNIX; strncpy(a.sun_path, p, sizeof a.sun_path - 1);' \
  '  int s = socket(AF_UNIX, SOCK_DGRAM, 0);' \
  '  return sendto(s, argv[1], strlen(argv[1]), 0, (struct sockaddr*)&a, sizeof a) < 0; }' >"$tmp/sdsend.c"
cc -static -O2 -o "$tmp/fs/bin/sdsend" "$tmp/sdsend.c" || fail "build sdsend"
tar -C "$tmp/fs" -cf "$tmp/nfs.tar" .
$R import "$tmp/nfs.tar" nbox >/dev/null
notify_listen() {  # SOCKET OUT: what arrives, a datagram a line ("|" for newlines), for 10 s at most
  python3 - "$1" "$2" <<'PY' &
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(10)
with open(sys.argv[2], "w") as f:
    try:
        while True:
            f.write(s.recv(4096).decode().replace("\n", "|") + "\n")
            f.flush()
    except socket.timeout:
        pass
PY
  listener=$!
  for i in $(seq 50); do [ -S "$1" ] && break; sleep 0.1; done
}
arrived() {  # OUT TEXT: TEXT arrived (bounded)
  for i in $(seq 50); do grep -qF -- "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}
notify_listen "$tmp/n1.sock" "$tmp/n1.out"
NOTIFY_SOCKET=$tmp/n1.sock $R run -d $N --name nt1 --sdnotify conmon fbox sleep 60 >/dev/null
monitor=$($R inspect -f '{{.State.ConmonPid}}' nt1)
check "conmon: READY=1 with MAINPID the monitor" arrived "$tmp/n1.out" "MAINPID=$monitor|READY=1|"
kill "$listener" 2>/dev/null
notify_listen "$tmp/n2.sock" "$tmp/n2.out"
NOTIFY_SOCKET=$tmp/n2.sock $R run -d $N --name nt2 nbox sh -c 'echo "$NOTIFY_SOCKET" > /tmp/which; sleep 0.5; sdsend "STATUS=warming up"; sdsend READY=1; sleep 60' >/dev/null
monitor=$($R inspect -f '{{.State.ConmonPid}}' nt2)
check "container (the default): MAINPID the monitor" arrived "$tmp/n2.out" "MAINPID=$monitor|"
check "what the container sends goes on" arrived "$tmp/n2.out" "READY=1"
check "in order" test "$(tail -n 2 "$tmp/n2.out" | tr '\n' ' ')" = "STATUS=warming up READY=1 "
run $R exec nt2 cat /tmp/which
check "NOTIFY_SOCKET inside names its own socket" test "$out" = /run/notify/notify.sock
kill "$listener" 2>/dev/null
notify_listen "$tmp/n3.sock" "$tmp/n3.out"
NOTIFY_SOCKET=$tmp/n3.sock $R run -d $N --name nt3 --sdnotify ignore nbox sh -c 'sdsend READY=1; sleep 60' >/dev/null
sleep 1
check "ignore: nothing" test ! -s "$tmp/n3.out"
kill "$listener" 2>/dev/null
$R rm -f -t 0 nt1 nt2 nt3 >/dev/null
run $R run --rm $N --blkio-weight-device /dev/null fbox true
check_err "Error: bad format: /dev/null"
run $R run --rm $N --blkio-weight-device /dev/nosuch:300 fbox true
check_err "Error: failed to inspect '/dev/nosuch' in --blkio-weight-device: no such file or directory"
run $R run --rm $N --blkio-weight-device /dev/null:5 fbox true
check_err "Error: invalid weight for device: /dev/null:5"
run $R run --rm $N --cgroup-conf bogus fbox true
check_err "Error: --cgroup-conf must be formatted KEY=VALUE"
if ! $rootless; then
  run $R run --rm $N --cgroup-conf memory.high=1000000 fbox true
  check_err "Error: cannot use --cgroup-conf without cgroup v2"
  # --cpu-rt-period in the container's cgroup (v1).
  run $R run -d $N --name rt --cpu-rt-period 900000 fbox sleep 600
  check_status 0
  check "cpu.rt_period_us" test "$(cat /sys/fs/cgroup/cpu/libpod_parent/libpod-$($R inspect -f '{{.Id}}' rt)/cpu.rt_period_us)" = 900000
fi

# --userns: a regular user's keep-id (the user as itself, the image's
# files still root's, Podman's passwd and group lines), nomap, --uidmap,
# ns:PATH; root's Podman's refusals.
if $rootless; then
  me=$(id -u) mygid=$(id -g) myname=$(id -un)
  run $R run --rm $N --userns keep-id fbox sh -c 'id -u; id -g; ls -ln /bin/busybox; tail -1 /etc/passwd; ls -lnd /dev'
  check_status 0
  check "keep-id: the user's uid and gid" test "$(echo "$out" | sed -n 1,2p | tr '\n' ' ')" = "$me $mygid "
  check "the image's files stay root's" test "$(echo "$out" | sed -n 3p | awk '{print $3, $4}')" = "0 0"
  check "what the launch makes is root's" test "$(echo "$out" | sed -n 5p | awk '{print $3, $4}')" = "0 0"
  check "the user's passwd line" test "$(echo "$out" | sed -n 4p | cut -d: -f1-4)" = "$myname:*:$me:$mygid"
  run $R create $N --name ki --userns keep-id fbox true
  run $R inspect -f '{{.HostConfig.UsernsMode}} {{.Config.User}} {{index .HostConfig.IDMappings.UidMap 1}}' ki
  check "inspect: private, the user, the maps" test "$out" = "private $me:$mygid $me:0:1"
  run $R run --rm $N --userns keep-id --user 0 fbox id -u
  check "keep-id with --user 0" test "$out" = 0
  echo mine >"$tmp/mine"
  run $R run --rm $N --userns keep-id -v "$tmp/mine:/mine" fbox sh -c 'stat -c %u /mine; echo more >>/mine'
  check "a bound file is the user's inside" test "$out" = "$me"
  check "and written as the user" test "$(stat -c %u "$tmp/mine"):$(tail -1 "$tmp/mine")" = "$me:more"
  run $R run --rm $N --uidmap 0:1:1000 --uidmap 1000:0:1 fbox sh -c 'id -u; ls -ln /bin/busybox | awk "{print \$3}"; id -u nobody 2>/dev/null; cat /proc/self/uid_map'
  check "--uidmap 0:1:1000 1000:0:1: root, owning the image's files" test "$(echo "$out" | head -2 | tr '\n' ' ')" = "0 0 "
  # Maps that leave the user out: nomap, auto, --uidmap 0:1:N (a nested
  # user namespace; ids in the user's namespace's, as Podman's show them).
  sub=$(awk -F: -v u="$myname" '$1 == u {print $2; exit}' /etc/subuid) subn=$(awk -F: -v u="$myname" '$1 == u {print $3; exit}' /etc/subuid)
  run $R run --rm $N --userns nomap fbox sh -c 'id -u; cat /proc/self/uid_map; ls -ln /bin/busybox; ls -ln /etc/hosts; echo x >>/etc/hosts && echo written'
  check_status 0
  check "nomap: root inside" test "$(echo "$out" | sed -n 1p)" = 0
  check "nomap: the subordinate range alone, from 0" test "$(echo "$out" | sed -n 2p | tr -s ' ' | sed 's/^ //')" = "0 1 $subn"
  check "nomap: the image's files root's" test "$(echo "$out" | sed -n 3p | awk '{print $3, $4}')" = "0 0"
  check "nomap: /etc/hosts root's and written" test "$(echo "$out" | sed -n 4p | awk '{print $3, $4}') $(echo "$out" | sed -n 5p)" = "0 0 written"
  run $R run --rm $N --uidmap 0:1:1000 --gidmap 0:5:100 fbox sh -c 'id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map'
  check "--uidmap 0:1:1000 --gidmap 0:5:100" test "$(echo "$out" | tr -s ' \n' ' ')" = "0 0 0 1 1000 0 5 100 "
  run $R create $N --name nm --userns nomap -v nmvol:/data fbox sh -c 'echo made >/data/f; sleep 600'
  run $R inspect -f '{{.HostConfig.UsernsMode}} {{.HostConfig.IDMappings.UidMap}}' nm
  check "nomap: inspect as Podman's" test "$out" = "private [0:1:$subn]"
  run $R start nm
  check_status 0
  run $R exec nm sh -c 'id -u; cat /data/f'
  check "nomap: exec as its root" test "$(echo "$out" | tr '\n' ' ')" = "0 made "
  run $R exec --user 5 nm id -u
  check "nomap: exec --user 5" test "$out" = 5
  check "nomap: a volume's writes are the subordinate range's first id" test "$(stat -c %u "$($R volume inspect -f '{{.Mountpoint}}' nmvol)/f")" = "$sub"
  echo in >"$tmp/cpin"
  run $R cp "$tmp/cpin" nm:/cpin
  check_status 0
  run $R exec nm sh -c 'ls -ln /cpin; cat /cpin'
  check "nomap: cp in, its root's" test "$(echo "$out" | head -1 | awk '{print $3, $4}') $(echo "$out" | tail -1)" = "0 0 in"
  run $R cp nm:/data/f "$tmp/cpout"
  check "nomap: cp out" test "$(cat "$tmp/cpout")" = made
  run $R exec nm busybox chown 5:6 /cpin
  run $R export -o "$tmp/nm.tar" nm
  check "nomap: export in its own ids" test "$(tar -tvf "$tmp/nm.tar" cpin | awk '{print $2}')" = 5/6
  run $R rm -f -t 0 nm
  run $R volume rm nmvol
  check_status 0
  # auto: the least the image needs (1024), after what other containers
  # hold (keep-id's maps hold every id).
  run $R rm ki
  run $R create $N --name au1 --userns auto fbox true
  run $R create $N --name au2 --userns auto:size=500 fbox true
  run $R inspect -f '{{.HostConfig.IDMappings.UidMap}} {{.HostConfig.IDMappings.GidMap}}' au1 au2
  check "auto: 1024 ids, then 500 after them" test "$(echo "$out" | tr '\n' ' ')" = "[0:1:1024] [0:1:1024] [0:1025:500] [0:1025:500] "
  run $R start -a au2
  check_status 0
  run $R run --rm $N --userns auto:size=500 fbox cat /proc/self/uid_map
  check "auto: a run's map" test "$(echo "$out" | tr -s ' ' | sed 's/^ //')" = "0 1525 500"
  run $R create $N --userns auto:size=$subn fbox true
  check_err "Error: creating container storage: could not find enough available IDs"
  run $R rm au1 au2
  # Pods: the pod's maps for every member (nomap's nested), keep-id's run
  # as the user; a member's own maps refused as Podman refuses them.
  run $R pod create --name unp --userns nomap
  check_status 0
  run $R run --rm --pod unp fbox sh -c 'id -u; cat /proc/self/uid_map'
  check "a nomap pod's member: root, the pod's maps" test "$(echo "$out" | tr -s ' \n' ' ')" = "0 0 1 $subn "
  run $R run -d --pod unp --name unm fbox sleep 600
  check_status 0
  infra=$($R pod inspect -f '{{.InfraContainerID}}' unp)
  check "a member in the infra's user namespace" test "$(readlink /proc/$($R inspect -f '{{.State.Pid}}' unm)/ns/user)" = "$(readlink /proc/$($R inspect -f '{{.State.Pid}}' "$infra")/ns/user)"
  run $R exec unm id -u
  check "exec in a nomap pod's member" test "$out" = 0
  run $R pod inspect -f '{{.InfraConfig.UserNS}}' unp
  check "pod inspect: private" test "$out" = private
  run $R run --rm --pod unp --uidmap 0:1:10 fbox true
  check_err "Error: cannot specify a new uid/gid map when entering a pod with an infra container: invalid argument"
  run $R pod rm -f -t 0 unp
  check_status 0
  # pod create --userns ns:PATH: another container's user namespace.
  run $R run -d $N --name unh fbox sleep 600
  run $R pod create --name unsp --userns "ns:/proc/$($R inspect -f '{{.State.Pid}}' unh)/ns/user"
  check_status 0
  run $R run -d --pod unsp --name unsm fbox sleep 600
  check_status 0
  check "a pod in another container's user namespace, its member too" test "$(readlink /proc/$($R inspect -f '{{.State.Pid}}' unsm)/ns/user)" = "$(readlink /proc/$($R inspect -f '{{.State.Pid}}' unh)/ns/user)"
  run $R pod rm -f -t 0 unsp
  run $R run --rm --network container:unh --userns nomap fbox true
  check_err "Error: a regular user's container that joins another container's namespaces is in its user namespace: it takes no --userns or --uidmap of its own"
  run $R rm -f -t 0 unh
  run $R pod create --name ukp --userns keep-id
  run $R run --rm --pod ukp fbox id -u
  check "a keep-id pod's member runs as the user" test "$out" = "$me"
  run $R pod rm -f -t 0 ukp
  run $R create $N --uidmap 0:$((subn + 1)):10 fbox true
  check_err "Error: the mapping 0:$((subn + 1)):10 uses ids the user does not have: see /etc/subuid and /etc/subgid"
  run $R create $N --subuidname "$myname" fbox true
  check_err "Error: the mapping 0:$sub:$subn uses ids the user does not have: see /etc/subuid and /etc/subgid"
  run $R run --rm $N --uidmap 0:1 fbox true
  check_err 'Error: initializing ID mappings: UID setting is malformed expected ["uint32:uint32:uint32"]: ["0:1"]'
  run $R run -d $N --name uo fbox sleep 600
  run $R run --rm $N --userns "ns:/proc/$($R inspect -f '{{.State.Pid}}' uo)/ns/user" fbox cat /proc/self/uid_map
  check "ns:PATH joins that namespace" test "$(echo "$out" | tr -s ' ')" = "$(tr -s ' ' </proc/$($R inspect -f '{{.State.Pid}}' uo)/uid_map)"
else
  run $R run --rm $N --userns keep-id fbox true
  check_err "Error: keep-id is only supported in rootless mode"
  run $R run --rm $N --userns nomap fbox true
  check_err "Error: nomap is only supported in rootless mode"
  run $R create $N --name un fbox true
  run $R inspect -f '{{.HostConfig.UsernsMode}}' un
  check "root: the host's user namespace" test "$out" = ""
fi
run $R run --rm $N --userns keep-id --uidmap 0:1:10 fbox true
check_err "Error: --userns and --uidmap/--gidmap/--subuidname/--subgidname are mutually exclusive"
run $R run --rm $N --userns bogus fbox true
check_err "Error: unrecognized namespace mode bogus passed"
run $R run --rm $N --userns ns:/nonexistent fbox true
check_err "Error: cannot find specified user namespace path: stat /nonexistent: no such file or directory"

# start, stop, restart, pause, unpause and rm --filter; start --latest.
run $R create $N --name fl1 --label pick=yes fbox sleep 600
run $R create $N --name fl2 fbox sleep 600
run $R start --filter label=pick=yes
check "start --filter starts what matches" test "$out" = "$($R inspect -f '{{.Id}}' fl1)"
run $R stop --filter name=fl1 fl2
check_err "Error: --filter takes no arguments"
run $R stop -t 0 --filter label=pick=yes
check_status 0
run $R inspect -f '{{.State.Status}}' fl1
check "stop --filter stops it" test "$out" = exited
run $R rm --filter name=nomatch
check "rm --filter matching nothing: nothing, exit 0" test "$status:$out" = "0:"
run $R start --filter bogus=1
check_err "Error: bogus is an invalid filter"
run $R start -l
check "start -l starts the latest" test "$out" = "$($R inspect -f '{{.Id}}' fl2)"
run $R restart -t 0 --filter name=fl2
check "restart --filter restarts what matches" test "$out" = "$($R inspect -f '{{.Id}}' fl2)"
run $R restart --filter name=nomatch
check "restart --filter matching nothing: nothing, exit 0" test "$status:$out" = "0:"
if ! $rootless; then
  # pause and unpause --filter (the freezer is root's here).
  run $R pause --filter name=fl2
  check "pause --filter pauses what matches" test "$out" = "$($R inspect -f '{{.Id}}' fl2)"
  run $R inspect -f '{{.State.Status}}' fl2
  check "paused" test "$out" = paused
  run $R unpause --filter name=fl2 fl1
  check_err "Error: --filter takes no arguments"
  run $R unpause --filter label=nomatch
  check "unpause --filter matching nothing: nothing, exit 0" test "$status:$out" = "0:"
  run $R unpause --filter name=fl2
  check_status 0
  run $R inspect -f '{{.State.Status}}' fl2
  check "unpause --filter unpauses it" test "$out" = running
fi
run $R rm -f -t 0 --filter name=fl
check "rm --filter removes what matches" test "$(echo "$out" | wc -l)" = 2

# pod create's pod-level forms: its cgroup and limits (root), the infra's
# name and pidfile, labels from a file, the id file, --replace, and
# --exit-policy stop (the pod stops with its last member).
printf 'tier=web\n' >"$tmp/podlabels"
run $R pod create --name pl --memory 100m --cpus 0.5 --infra-name plinfra --infra-conmon-pidfile "$tmp/infrapid" \
  --exit-policy stop --label-file "$tmp/podlabels" --pod-id-file "$tmp/plid" $N
check_status 0
plid=$out
check "--pod-id-file holds the id" test "$(cat "$tmp/plid")" = "$plid"
run $R pod inspect -f '{{.ExitPolicy}} {{.Labels}} {{.NumContainers}}' pl
check "inspect: exit policy, labels" test "$out" = "stop map[tier:web] 1"
run $R run -d --pod pl --name plm fbox sleep 2
check_status 0
run $R ps -a --pod --format '{{.Names}} {{.PodName}}'
check_out_has "plinfra pl"
check "--infra-conmon-pidfile" test "$(cat "$tmp/infrapid")" = "$($R inspect -f '{{.State.ConmonPid}}' plinfra)"
if ! $rootless; then
  run $R pod inspect -f '{{.CreateCgroup}} {{.CgroupPath}}' pl
  check "the pod's cgroup" test "$out" = "true /libpod_parent/$plid"
  check "its memory limit" test "$(cat /sys/fs/cgroup/memory/libpod_parent/$plid/memory.limit_in_bytes)" = 104857600
  check "its CPU quota" test "$(cat /sys/fs/cgroup/cpu/libpod_parent/$plid/cpu.cfs_quota_us)" = 50000
  check "infra and member under it" test "$(ls -d /sys/fs/cgroup/memory/libpod_parent/$plid/libpod-* | wc -l)" = 2
  run $R inspect -f '{{.HostConfig.CgroupParent}}' plm
  check "a member's parent is the pod's cgroup" test "$out" = "/libpod_parent/$plid"
fi
for i in $(seq 100); do [ "$($R pod ps --filter name=pl --format '{{.Status}}')" = Exited ] && break; sleep 0.1; done
run $R pod ps --filter name=pl --format '{{.Name}} {{.Status}}'
check "exit-policy stop: the pod stops with its last member" test "$out" = "pl Exited"
run $R pod create --name pl --replace $N
check_status 0
check "--replace: a new pod" test "$out" != "$plid"
$rootless || check "the old pod's cgroup is gone" test ! -e /sys/fs/cgroup/memory/libpod_parent/$plid
# /dev/shm goes with the IPC namespace: a pod's members and --ipc
# container: share it (root; Podman's default size); pod --shm-size and
# --sysctl reach the members.
run $R pod create --name shmpod --shm-size 10m --sysctl net.ipv4.ip_forward=1 $N
run $R run -d --pod shmpod --name shm1 fbox sh -c 'echo shared >/dev/shm/x; sleep 600'
for i in $(seq 50); do $R exec shm1 cat /dev/shm/x >/dev/null 2>&1 && break; sleep 0.1; done
run $R run --rm --pod shmpod fbox sh -c 'df -k /dev/shm | tail -1 | awk "{print \$2}"; cat /proc/sys/net/ipv4/ip_forward; cat /dev/shm/x 2>&1'
if $rootless; then
  check "pod --shm-size and --sysctl" test "$(echo "$out" | head -2 | tr '\n' ' ')" = "10240 1 "
else
  check "a pod's members share /dev/shm, of the pod's size, and its sysctls" test "$(echo "$out" | tr '\n' ' ')" = "10240 1 shared "
  run $R run -d $N --name shmown fbox sh -c 'echo mine >/dev/shm/y; sleep 600'
  for i in $(seq 50); do $R exec shmown cat /dev/shm/y >/dev/null 2>&1 && break; sleep 0.1; done
  run $R run --rm $N --ipc container:shmown fbox sh -c 'cat /dev/shm/y; df -k /dev/shm | tail -1 | awk "{print \$2}"'
  check "--ipc container: shares its /dev/shm (Podman's 64000k)" test "$(echo "$out" | tr '\n' ' ')" = "mine 64000 "
  shmid=$($R inspect -f '{{.Id}}' shmown)
  run $R rm -f -t 0 shmown
  check "the owner's /dev/shm is unmounted with it" test -z "$(grep "$shmid" /proc/self/mountinfo)"
fi
run $R pod rm -f -t 0 shmpod
if ! $rootless; then
  run $R pod create --name devpod --device /dev/null:/dev/mynull $N
  run $R run --rm --pod devpod fbox sh -c 'echo x >/dev/mynull && echo written'
  check "pod create --device: every member has it" test "$out" = written
  run $R pod rm -f -t 0 devpod
fi
run $R pod create --name pbad --exit-policy bogus
check_status 125
check_err 'Error: running pod create option: invalid pod exit policy: "bogus"'
run $R pod rm -a -f -t 0
check_status 0

finish
