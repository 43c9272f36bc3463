# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/processes.sh WARREN: what a container's processes are
# and how a terminal reaches them: -t and -i (driven through a pty made by
# script(1)), signals passed on, --user against the image's passwd and
# group files, --privileged, and exec into a running container. The
# expected values are what Podman 4.3 shows for the same commands.
. "$(dirname "$0")/lib.sh"
enter_throwaway_host "$0" "$@"
W=$1
container_test_setup proc

mkdir -p "$tmp/fs/bin" "$tmp/fs/etc" "$tmp/fs/home/alice"
cp "$(command -v busybox)" "$tmp/fs/bin/busybox"
ln -s busybox "$tmp/fs/bin/sh"
printf 'root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000:Alice:/home/alice:/bin/sh\nbob:x:1001:100::/home/bob:/bin/sh\n' \
  >"$tmp/fs/etc/passwd"
printf 'root:x:0:\nusers:x:100:alice\nalice:x:1000:\nwheel:x:10:alice,bob\n' >"$tmp/fs/etc/group"
tar -C "$tmp/fs" -cf "$tmp/fs.tar" .
run $R import "$tmp/fs.tar" bb
check_status 0

# in_pty "COMMAND" [INPUT]: runs COMMAND on a 30x100 pty; output in $out (CRs dropped).
in_pty() {
  local input=${2-}
  printf '%s' "$input" | timeout 20 script -qec "stty rows 30 cols 100; $1" /dev/null >"$tmp/pty"
  status=$?
  out=$(tr -d '\r' <"$tmp/pty")
}

# -it: a pty from the container's own devpts, sized as ours; exit code kept.
in_pty "$R run -it --rm bb sh" $'tty; busybox stty size; echo $TERM $((6*7)); exit 4\n'
check_status 4
check_out_has "/dev/pts/0"
check_out_has "30 100"
check_out_has "xterm 42"
in_pty "$R run -t --rm bb sh -c 'busybox stat -c %t,%T /dev/console; busybox tty'"
check "the console is the pty" test "$(printf '%s\n' "$out" | tail -2 | tr '\n' ' ')" = "88,0 /dev/pts/0 "
run $R run -t --rm bb sh -c 'echo a; echo b'
check "-t output goes through the pty" test "$out" = "$(printf 'a\r\nb\r')"
run $R run -d -t --name dt bb sh -c 'echo on a tty; busybox sleep 30'
for i in $(seq 50); do $R logs dt | grep -q "on a tty" && break; sleep 0.1; done
run $R logs dt
check_out_has "on a tty"
run $R rm -f -t 0 dt
# -i: stdin as given; without it, /dev/null.
run sh -c "echo from stdin | $R run --rm -i bb sh -c 'busybox cat; echo done'"
check "-i passes stdin" test "$out" = "$(printf 'from stdin\ndone')"
run sh -c "echo from stdin | $R run --rm bb sh -c 'busybox cat; echo done'"
check "no -i: stdin is empty" test "$out" = "done"
run $R run -d -i --name di bb sh -c 'read x; echo got $x'
busybox sleep 0.5
run $R inspect -f '{{.State.Status}}' di
check "-d -i keeps stdin open" test "$out" = "running"
run $R rm -f -t 0 di
# No descriptor of warren's reaches the container.
run $R run --rm bb sh -c 'busybox ls /proc/self/fd | busybox wc -l' 9</dev/null
check "only 0, 1, 2 (and ls's own)" test "$out" = 4

# Attached, a signal to warren goes to the container.
$R run --rm bb sh -c 'trap "echo got TERM; exit 9" TERM; echo ready; while :; do busybox sleep 0.1; done' >"$tmp/sig" &
cli=$!
for i in $(seq 50); do grep -q ready "$tmp/sig" && break; sleep 0.1; done
kill -TERM $cli
wait $cli
status=$?
check_status 9
check "the trap ran" grep -q "got TERM" "$tmp/sig"
# Attached, its monitor is the CLI's fork (no exec), a process of its
# own: killed, the CLI leaves the container running under it, and the
# monitor records its end as a detached one's does.
$R run --name orphan bb sh -c 'echo ready; busybox sleep 60' >"$tmp/orphan" &
cli=$!
for i in $(seq 50); do grep -q ready "$tmp/orphan" && break; sleep 0.1; done
mon=$($R inspect -f '{{.State.ConmonPid}}' orphan)
check "the monitor is not the CLI" test -n "$mon" -a "$mon" != "$cli"
check "the monitor is named so" test "$(cat "/proc/$mon/comm")" = warren-monitor
# Nothing of the CLI's but its stdio and the pipes between them (no lock,
# record or netlink socket of the CLI's stays open in it).
shared_fds() {
  local theirs t
  theirs=$(for f in /proc/"$cli"/fd/*; do readlink "$f"; done)
  for f in /proc/"$mon"/fd/*; do
    case "${f##*/}" in 0|1|2) continue ;; esac
    t=$(readlink "$f")
    case "$t" in pipe:* | anon_inode:* | /dev/null) continue ;; esac  # the pipes between them; the same name, not one object
    grep -qxF "$t" <<<"$theirs" && echo "$t"
  done
}
check "the monitor holds none of the CLI's files or sockets" test -z "$(shared_fds)"
kill -9 $cli
wait $cli 2>/dev/null
run $R inspect -f '{{.State.Status}}' orphan
check "the CLI killed, the container runs on" test "$out" = running
run $R stop -t 0 orphan
check_status 0
for i in $(seq 50); do [ -e "/proc/$mon" ] || break; sleep 0.1; done
check "its monitor ends with it" test ! -e "/proc/$mon"
run $R inspect -f '{{.State.Status}} {{.State.ExitCode}}' orphan
check "its end recorded" test "$out" = "exited 137"
run $R rm orphan
check_status 0

# --user against the image's own files.
run $R run --rm bb sh -c 'busybox id; echo $HOME; busybox grep CapEff /proc/self/status'
check "root, by default" test "$out" = "$(printf 'uid=0(root) gid=0(root)\n/root\nCapEff:\t00000000800405fb')"
run $R run --rm --user alice bb sh -c 'busybox id; echo $HOME; busybox grep CapEff /proc/self/status'
check "--user alice" test "$out" = "$(printf 'uid=1000(alice) gid=1000(alice) groups=10(wheel),100(users),1000(alice)\n/home/alice\nCapEff:\t0000000000000000')"
run $R run --rm --user 1001:10 bb busybox id
check "--user uid:gid" test "$out" = "uid=1001(bob) gid=10(wheel) groups=10(wheel)"
run $R run --rm --user alice:users bb busybox id
check "--user name:group" test "$out" = "uid=1000(alice) gid=100(users) groups=100(users)"
run $R run --rm --user 5000 bb sh -c 'busybox id -u; busybox id -g; echo $HOME'
check "an unknown uid" test "$out" = "$(printf '5000\n0\n/')"
run $R run --rm --user alice --cap-add net_admin bb busybox grep -E 'CapEff|CapAmb' /proc/self/status
check "a non-root user gets what was added" test "$out" = "$(printf 'CapEff:\t0000000000001000\nCapAmb:\t0000000000001000')"
run $R run --rm --user nobody bb busybox true
check_status 126
check_err "Error: unable to find user nobody: no matching entries in passwd file"
run $R run --rm --user alice:nogroup bb busybox true
check_status 126
check_err "Error: unable to find group nogroup: no matching entries in group file"
run $R run --name nowd -w /nonexist bb busybox pwd
check_status 126
case "$err" in 'Error: workdir "/nonexist" does not exist on container '*) checks=$((checks + 1)) ;; *) fail "workdir: $err" ;; esac
run $R ps -a --format '{{.Names}}'
check "a container that never ran is gone" test -z "$out"

# --privileged: every capability, the host's devices, /sys writable, nothing masked.
run $R run --rm --privileged bb sh -c 'busybox grep CapEff /proc/self/status; busybox ls /dev/net; busybox grep " /sys " /proc/mounts; busybox wc -c </proc/keys'
check "all capabilities" test "$(echo "$out" | head -1)" = "$(grep CapEff /proc/self/status)"
check_out_has "tun"
check_out_has "sysfs rw"
check "/proc/keys unmasked" test "$(echo "$out" | tail -1)" -gt 0
run $R run --rm bb sh -c 'busybox grep " /sys " /proc/mounts; busybox ls /dev/net 2>&1'
check_out_has "sysfs ro"
check_out_lacks "tun"

# --security-opt no-new-privileges
run $R run --rm --security-opt no-new-privileges bb busybox grep NoNewPrivs /proc/self/status
check "no_new_privs set" test "$out" = "$(printf 'NoNewPrivs:\t1')"
run $R run --rm bb busybox grep NoNewPrivs /proc/self/status
check "off by default, as Podman" test "$out" = "$(printf 'NoNewPrivs:\t0')"
run $R run --rm --security-opt foo bb busybox true
check_status 125
check_err 'Error: invalid --security-opt 1: "foo"'

# exec into a running container.
run $R run -d --name box -w /home/alice -e FROM=run bb busybox sleep 60
check_status 0
run $R exec box sh -c 'echo $FROM $PWD; busybox ps | busybox grep -c "^ *1 .*sleep 60"'
check "the container's env and workdir, its PID namespace" test "$out" = "$(printf 'run /home/alice\n1')"
run $R exec -e FROM=exec -w / -u alice box sh -c 'echo $FROM $PWD $HOME; busybox id -u'
check "-e, -w, -u" test "$out" = "$(printf 'exec / /home/alice\n1000')"
run $R exec box sh -c 'exit 7'
check_status 7
run sh -c "echo piped | $R exec -i box busybox cat"
check "exec -i" test "$out" = "piped"
in_pty "$R exec -it box sh" $'busybox tty; busybox stty size; echo $TERM; exit 3\n'
check_status 3
check_out_has "/dev/pts/0"
check_out_has "30 100"
check_out_has "xterm"
run $R exec -d box sh -c 'echo detached > /mark'
check_status 0
check "exec -d prints a session id" test ${#out} -eq 64
for i in $(seq 50); do $R exec box busybox cat /mark >/dev/null 2>&1 && break; sleep 0.1; done
run $R exec box busybox cat /mark
check "the detached process ran" test "$out" = "detached"
run $R exec box nosuch
check_status 127
check_err 'Error: executable file `nosuch` not found in $PATH: No such file or directory'
run $R exec -w /nonexist box busybox true
check_status 127
run $R exec -u nobody box busybox true
check_status 255
check_err "Error: unable to find user nobody: no matching entries in passwd file"
run $R exec box
check_status 125
check_err "Error: must provide a non-empty command to start an exec session: invalid argument"
run $R exec -e =x box true
check_status 125
check_err 'Error: parsing environment variables: invalid environment variable: "=x"'
run $R create --name idle bb busybox true
run $R exec idle busybox true
check_status 255
check_err "Error: can only create exec sessions on running containers: container state improper"
run $R exec nope busybox true
check_status 125
check_err 'Error: no container with name or ID "nope" found: no such container'
run $R rm -f -t 0 box idle
check_status 0

finish
