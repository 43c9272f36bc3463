# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/isolation.sh WARREN PROBE [--rootless]: Podman's
# isolation defaults and limits, as root and, with --rootless, as the
# unprivileged test user. Seccomp: containers-common's profile (a denied
# call fails inside, works unconfined; a custom profile; --privileged and
# exec). Cgroups (root): the OOM killer at --memory (OOMKilled, 137), a
# fork loop under --pids-limit, --cpus over a second of CPU, the device
# allow-list, --device, --device-cgroup-rule, --oom-score-adj,
# --cgroupns, --cgroups=disabled, the cgroup gone with the container and
# after a dead monitor; pause, unpause and stats; Podman's errors. As a
# regular user on cgroup v1: Podman's warning, and no cgroup.
. "$(dirname "$0")/lib.sh"
enter_throwaway_host "$0" "$@"
[ "${3:-}" = --rootless ] && as_test_user "$0" "$@"
W=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
PROBE=$2
state_of_own isolation
split_cg=warren-split-$$
cleanup() {
  $R rm -a -f -t 0 >/dev/null 2>&1
  $rootless || umount "$tmp/run/netns" 2>/dev/null
  remove_tmp
  if ! $rootless; then
    for d in /sys/fs/cgroup/$split_cg /sys/fs/cgroup/*/$split_cg; do
      [ -d "$d" ] && rmdir "$d/runtime" "$d" 2>/dev/null
    done
  fi
}
trap cleanup EXIT
N="--network none"

mkdir -p "$tmp/fs/bin" "$tmp/fs/etc" "$tmp/fs/tmp"
cp "$(command -v busybox)" "$tmp/fs/bin/busybox"
cp "$PROBE" "$tmp/fs/bin/warren-probe"
for l in sh cat echo sleep true grep head mknod seq id ls stat; do ln -s busybox "$tmp/fs/bin/$l"; done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$tmp/fs/etc/passwd"
printf 'root:x:0:\n' >"$tmp/fs/etc/group"
tar -C "$tmp/fs" -cf "$tmp/fs.tar" .
run $R import "$tmp/fs.tar" ibox
check_status 0

# Seccomp: the default profile, a call it denies (EPERM) and one it does
# not list (its default, ENOSYS); unconfined; privileged; exec.
run $R run --rm $N ibox grep Seccomp: /proc/1/status
check_out_has "2"
run $R run --rm $N ibox warren-probe userfaultfd
check "userfaultfd is denied by the default profile" test "$out" = EPERM
run $R run --rm $N ibox warren-probe add_key
check "a call the profile does not list gets its default errno" test "$out" = ENOSYS
run $R run --rm $N --security-opt seccomp=unconfined ibox warren-probe userfaultfd
check "unconfined: userfaultfd works" test "$out" = ok
run $R run --rm $N --security-opt seccomp=unconfined ibox grep Seccomp: /proc/1/status
check_out_has "0"
run $R run --rm $N --privileged ibox grep Seccomp: /proc/1/status
check_out_has "0"
cat >"$tmp/nomkdir.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}
JSON
run $R run --rm $N --security-opt seccomp="$tmp/nomkdir.json" ibox sh -c 'mkdir /tmp/x'
check_err_has "Permission denied"
run $R run --rm $N --security-opt seccomp=/nonexistent.json ibox true
check_status 125
check_err "Error: opening seccomp profile failed: open /nonexistent.json: no such file or directory"
echo '{"defaultAction": "SCMP_ACT_FOO"}' >"$tmp/bad.json"
run $R run --rm $N --security-opt seccomp="$tmp/bad.json" ibox true
check_status 125
check_err "Error: loading seccomp profile ($tmp/bad.json) failed: unknown action \"SCMP_ACT_FOO\""
run $R create --name sc1 $N --security-opt no-new-privileges --security-opt seccomp=unconfined ibox true
run $R inspect -f '{{.HostConfig.SecurityOpt}}' sc1
check "inspect shows the options in Podman's order" test "$out" = "[no-new-privileges seccomp=unconfined]"
run $R run -d --name sx $N ibox sleep 600
run $R exec sx grep Seccomp: /proc/self/status
check_out_has "2"
run $R exec sx warren-probe userfaultfd
check "exec's process has the container's filter" test "$out" = EPERM
$R rm -f -t 0 sx >/dev/null


# --restart, handled by the monitor: on-failure's count, always after a
# kill -9 of the process, stop ends it, start brings the policy back.
run $R run -d --name rs1 $N --restart on-failure:2 ibox sh -c 'exit 3'
for i in $(seq 50); do
  [ "$($R inspect -f '{{.RestartCount}} {{.State.Status}} {{.State.Restarting}}' rs1)" = "2 exited false" ] && break
  sleep 0.1
done
run $R inspect -f '{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}} {{json .HostConfig.RestartPolicy}}' rs1
check "on-failure:2 ends exited after two restarts" test "$out" = '2 exited 3 {"Name":"on-failure","MaximumRetryCount":2}'
run $R run -d --name ra $N --restart always ibox sleep 600
first=$($R inspect -f '{{.State.Pid}}' ra)
kill -9 "$first"
for i in $(seq 50); do
  [ "$($R inspect -f '{{.State.Status}} {{.RestartCount}}' ra)" = "running 1" ] && break
  sleep 0.1
done
run $R inspect -f '{{.State.Status}} {{.RestartCount}}' ra
check "always: back after kill -9" test "$out" = "running 1"
check "a new process" test "$($R inspect -f '{{.State.Pid}}' ra)" != "$first"
run $R stop -t 0 ra
sleep 0.5
run $R inspect -f '{{.State.Status}} {{.RestartCount}}' ra
check "stop ends the restarting" test "$out" = "exited 1"
run $R start ra
check_status 0
run $R inspect -f '{{.State.Status}}' ra
check "start runs it again" test "$out" = running
$R rm -f -t 0 ra rs1 >/dev/null
for bad in "--restart bogus|Error: running container create option: \"bogus\" is not a valid restart policy: invalid argument" \
  "--restart always:3|Error: restart policy retries can only be specified with on-failure restart policy" \
  "--restart on-failure:x|Error: parsing restart policy retry count: strconv.Atoi: parsing \"x\": invalid syntax" \
  "--rm --restart always|Error: the --rm option conflicts with --restart, when the restartPolicy is not \"\" and \"no\""; do
  run $R run $N ${bad%%|*} ibox true
  check_status 125
  check_err "${bad#*|}"
done

# Health checks: the monitor runs them on their interval (no systemd);
# starting, then healthy and unhealthy as the check's file comes and goes.
run $R run -d --name h1 $N --health-cmd 'test -e /tmp/ok' --health-interval 1s --health-retries 2 ibox sleep 600
run $R inspect -f '{{.State.Health.Status}}' h1
check "a new container's health is starting" test "$out" = starting
run $R healthcheck run h1
check_status 1
check "healthcheck run says unhealthy" test "$out" = unhealthy
$R exec h1 sh -c 'echo > /tmp/ok'
run $R healthcheck run h1
check_status 0
run $R inspect -f '{{.State.Health.Status}} {{.State.Health.FailingStreak}}' h1
check "healthy once the check passes" test "$out" = "healthy 0"
run $R ps --filter health=healthy --format '{{.Names}} {{.Status}}'
check_out_has "h1 Up"
check_out_has "(healthy)"
$R exec h1 sh -c 'rm /tmp/ok' 2>/dev/null || $R exec h1 rm /tmp/ok
for i in $(seq 60); do [ "$($R inspect -f '{{.State.Health.Status}}' h1)" = unhealthy ] && break; sleep 0.1; done
run $R inspect -f '{{.State.Health.Status}}' h1
check "the periodic checks find it unhealthy" test "$out" = unhealthy
$R exec h1 sh -c 'echo > /tmp/ok'
run timeout 20 $R wait --condition healthy h1
check_status 0
run $R inspect -f '{{.State.Health.Status}}' h1
check "wait --condition healthy returns once it is" test "$out" = healthy
run $R inspect -f '{{json .Config.Healthcheck}}' h1
check "Config.Healthcheck" test "$out" = '{"Test":["CMD-SHELL","test -e /tmp/ok"],"Interval":1000000000,"Timeout":30000000000,"Retries":2}'
run $R run -d --name h2 $N --health-cmd 'echo out; echo err >&2; exit 2' ibox sleep 600
run $R healthcheck run h2
run $R inspect -f '{{(index .State.Health.Log 0).ExitCode}} {{(index .State.Health.Log 0).Output}}' h2
check "the log keeps the output" test "$out" = "1 out
err"
run $R run -d --name h3 $N --health-cmd false --health-retries 1 --health-interval 1s --health-on-failure kill ibox sleep 600
for i in $(seq 60); do [ "$($R inspect -f '{{.State.Status}}' h3)" = exited ] && break; sleep 0.1; done
run $R inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.Health.Status}}' h3
check "--health-on-failure kill" test "$out" = "exited 137 unhealthy"
run $R run -d --name h4 $N --health-cmd 'sleep 5' --health-timeout 1s ibox sleep 600
run $R healthcheck run h4
check_status 1
run $R inspect -f '{{(index .State.Health.Log 0).Output}}' h4
check "a check past its timeout fails" test "$out" = "Healthcheck command exceeded timeout of 1s"
run $R healthcheck run sx-none
check_err 'Error: unable to look up sx-none to perform a health check: no container with name or ID "sx-none" found: no such container'
for bad in "--health-interval bogus --health-cmd true|Error: invalid healthcheck-interval: time: invalid duration \"bogus\"" \
  "--health-on-failure bogus --health-cmd true|Error: invalid on-failure action \"bogus\" for health check: supported actions are none,kill,restart,stop" \
  "--no-healthcheck --health-cmd true|Error: cannot specify both --no-healthcheck and --health-cmd"; do
  run $R create $N ${bad%%|*} ibox true
  check_status 125
  check_err "${bad#*|}"
done
$R rm -f -t 0 h1 h2 h3 h4 >/dev/null

# run's process and kernel options, each where it shows.
run $R run --rm $N --sysctl net.ipv4.ip_forward=1 --sysctl kernel.shmmax=123456 ibox sh -c 'cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shmmax'
check "--sysctl lands in the container's namespaces" test "$out" = "1
123456"
run $R run --rm $N ibox cat /proc/sys/net/ipv4/ping_group_range
check "containers.conf's default ping_group_range, as Podman's" test "$out" = "$(printf '0\t0')"
run $R run --rm $N --sysctl 'net.ipv4.ping_group_range=0 10' ibox cat /proc/sys/net/ipv4/ping_group_range
check "--sysctl overrides it" test "$out" = "$(printf '0\t10')"
run $R run --rm $N --ulimit nofile=100:200 ibox sh -c 'ulimit -n; ulimit -Hn'
check "--ulimit" test "$out" = "100
200"
run $R run --rm $N --shm-size 1m ibox grep /dev/shm /proc/mounts
check_out_has "size=1024k"
run $R run --rm $N --umask 0077 ibox sh -c umask
check "--umask" test "$out" = 0077
run $R run --rm $N --group-add 10 --group-add 20 ibox id
check_out_has "groups=10,20"
run $R run --rm $N --init ibox sh -c 'cat /proc/1/cmdline | tr "\0" " "; exit 7'
check_status 7
check "--init is PID 1" test "$out" = "/run/podman-init -- sh -c cat /proc/1/cmdline | tr \"\\0\" \" \"; exit 7 "
run $R run -d --name it $N --init --stop-signal SIGINT --stop-timeout 30 ibox sleep 600
run $R inspect -f '{{.Config.StopSignal}} {{.Config.StopTimeout}} {{index .Config.Annotations "io.podman.annotations.init"}}' it
check "inspect shows the stop signal, the timeout and init" test "$out" = "2 30 TRUE"
run $R stop it
run $R inspect -f '{{.State.ExitCode}}' it
check "stop sends the stop signal, passed on by the init" test "$out" = 130
rm -f "$tmp/cid"
run $R create --cidfile "$tmp/cid" $N ibox true
check "--cidfile holds the id" test "$(cat "$tmp/cid")" = "$out"
run $R create --cidfile "$tmp/cid" $N ibox true
check_err "Error: container id file exists. Ensure another container is not using it or delete $tmp/cid"
$R rm "$(cat "$tmp/cid")" >/dev/null
run $R run -d --name pf $N --pidfile "$tmp/pid" ibox sleep 600
check "--pidfile holds the first process's pid" test "$(cat "$tmp/pid")" = "$($R inspect -f '{{.State.Pid}}' pf)"
$R rm -f -t 0 it pf >/dev/null
for bad in "--sysctl kernel.foo=1|Error: sysctl 'kernel.foo' is not allowed" \
  "--sysctl net.ipv4.ip_forward|Error: net.ipv4.ip_forward is invalid, sysctl values must be in the form of KEY=VALUE" \
  "--ulimit bogus=1|Error: ulimit option \"bogus=1\" requires name=SOFT:HARD, failed to be parsed: invalid ulimit type: bogus" \
  "--shm-size 1x|Error: unable to translate --shm-size: invalid size: '1x'" \
  "--umask 999|Error: running container create option: invalid umask string 999: invalid argument" \
  "--stop-signal BOGUS|Error: invalid signal: BOGUS"; do
  run $R create $N ${bad%%|*} ibox true
  check_status 125
  check_err "${bad#*|}"
done
run $R run --rm $N --group-add nosuch ibox true
check_status 126
check_err_has "Unable to find group nosuch: no matching entries in group file"
run $R run --rm --network host --sysctl net.ipv4.ip_forward=1 ibox true
check_err "Error: sysctl net.ipv4.ip_forward=1 can't be set since Network Namespace set to host: invalid argument"

# Namespaces shared with the host or another container.
host_ipc=$(readlink /proc/self/ns/ipc)
run $R run --rm $N --ipc host ibox sh -c 'ls -l /proc/self/ns/ipc'
check_out_has "$host_ipc"
run $R run --rm $N --uts host ibox cat /proc/sys/kernel/hostname
check "--uts host: the host's name" test "$out" = "$(hostname)"
check "... and the host's name is left as it was" test "$(hostname)" = "$(cat /proc/sys/kernel/hostname)"
run $R run --rm $N --pid host ibox sh -c 'echo $$'
check "--pid host: a pid of the host's" test "$out" -gt 1
run timeout 20 $R run --rm $N --pid host ibox sh -c 'sleep 4.242 & echo started'
check "--pid host: the run ends with its first process" test "$status" = 0
if ! $rootless; then
  check "... and what it left goes with its cgroup" test "$(ps -eo args | grep -c '^[s]leep 4.242')" = 0
fi
run $R run --rm $N --ipc none ibox ls /dev/shm
check_status 1
run $R run -d --name pt $N ibox sleep 600
run $R run --rm $N --pid container:pt ibox sh -c 'cat /proc/1/cmdline | tr "\0" " "'
check "--pid container: sees its PID 1" test "$out" = "sleep 600 "
run $R run --rm $N --uts container:pt ibox cat /proc/sys/kernel/hostname
check "--uts container: its name" test "$out" = "$($R inspect -f '{{.Config.Hostname}}' pt)"
ptpid=$($R inspect -f '{{.State.Pid}}' pt)
run $R run --rm $N --pid ns:/proc/$ptpid/ns/pid --uts ns:/proc/$ptpid/ns/uts ibox sh -c 'cat /proc/1/cmdline | tr "\0" " "; cat /proc/sys/kernel/hostname'
check "--pid/--uts ns:PATH join those namespaces" test "$out" = "$(printf 'sleep 600 %s' "$($R inspect -f '{{.Config.Hostname}}' pt)")"
run $R run --rm $N --ipc ns:/nonexistent ibox true
check_err "Error: cannot find specified IPC namespace path: stat /nonexistent: no such file or directory"
run $R create --name nsm $N --pid host --ipc host --uts host ibox true
run $R inspect -f '{{.HostConfig.PidMode}} {{.HostConfig.IpcMode}} {{.HostConfig.UTSMode}}' nsm
check "inspect shows the modes" test "$out" = "host host host"
run $R run --rm $N --pid bogus ibox true
check_err "Error: unrecognized namespace mode bogus passed"
$R rm -f -t 0 pt nsm >/dev/null

# Environment, labels, annotations, time zone.
run env WARREN_TEST_VAR=here $R run --rm $N --env-host ibox sh -c 'echo $WARREN_TEST_VAR'
check "--env-host" test "$out" = here
run $R run --rm $N -e A=1 --unsetenv TERM ibox sh -c 'echo "[$TERM] $A"'
check "--unsetenv" test "$out" = "[] 1"
run $R run --rm $N --unsetenv-all -e B=2 ibox sh -c 'echo "[$TERM] $B"'
check "--unsetenv-all" test "$out" = "[] 2"
printf 'a=1\n# a comment\nb=2\n' >"$tmp/labels"
run $R create --name lf $N --label-file "$tmp/labels" --label b=3 --annotation x=y ibox true
run $R inspect -f '{{.Config.Labels}} {{index .Config.Annotations "x"}}' lf
check "--label-file under --label, --annotation" test "$out" = "map[a:1 b:3] y"
$R rm lf >/dev/null
if [ -e /usr/share/zoneinfo/Europe/Paris ]; then
  run $R run --rm $N --tz Europe/Paris ibox sh -c 'date +%Z'
  check_out_has "CE"
fi
run $R run --rm $N --tz Bogus/Zone ibox true
check_err "Error: running container create option: stat /usr/share/zoneinfo/Bogus/Zone: no such file or directory"

# Podman's masked paths: its directories empty and read-only (one
# read-only tmpfs bound on each), its files /dev/null.
run $R run --rm $N ibox sh -c 'for d in /proc/acpi /sys/firmware /sys/dev/block; do ls -A $d; echo x 2>/dev/null >$d/x || echo ro; done; stat -c %t:%T /proc/timer_list'
check "masked directories are empty and read-only, masked files /dev/null" test "$(echo $out)" = "ro ro ro 1:3"
run $R run --rm $N --security-opt mask=/etc/passwd ibox cat /etc/passwd
check "mask= hides a file" test -z "$out"
run $R run --rm $N --security-opt unmask=ALL ibox sh -c 'grep -c " /proc/" /proc/mounts'
check "unmask=ALL leaves /proc whole" test "$out" = 0
run $R run --rm $N --security-opt proc-opts=hidepid=2 ibox grep "^proc /proc " /proc/mounts
check_out_has "hidepid=invisible"
run $R create --name so $N --security-opt label=disable ibox true
run $R inspect -f '{{.HostConfig.SecurityOpt}}' so
check "label= shows in SecurityOpt" test "$out" = "[label=disable]"
run $R run --rm $N --security-opt bogus=1 ibox true
check_err 'Error: invalid --security-opt 2: "bogus=1"'
first=$($R inspect -f '{{.Id}}' so)
run $R create --replace --name so $N ibox true
check "--replace prints the name it replaced" test "$(echo "$out" | head -1)" = so
check "... and makes a new one" test "$($R inspect -f '{{.Id}}' so)" != "$first"
$R rm so >/dev/null
run $R run --name ld $N --log-driver none ibox echo hi
check "--log-driver none: the attached run still prints" test "$out" = hi
run $R logs ld
check_err "Error: this container is using the 'none' log driver, cannot read logs: this container is not logging output"
$R rm ld >/dev/null
if ! $rootless; then
  run $R run --rm $N --log-driver journald ibox true
  check_err "Error: running container create option: journald is not available (no journal listens at /run/systemd/journal/socket): use k8s-file or none"
  # --log-driver journald: a systemd-journald of the test's own, in a /run
  # of its own in this throwaway mount namespace, its journal volatile.
  mount -t tmpfs tmpfs /run
  mkdir -p /run/systemd/journal /run/log
  printf '[Journal]\nStorage=volatile\n' >"$tmp/journald.conf"
  mount --bind "$tmp/journald.conf" /etc/systemd/journald.conf
  /lib/systemd/systemd-journald &
  journald=$!
  for i in $(seq 50); do [ -S /run/systemd/journal/socket ] && break; sleep 0.1; done
  run $R run --name jd $N --log-driver journald --log-opt tag=mytag ibox sh -c 'echo out1; echo err1 >&2; echo out2; printf partial'
  check_status 0
  run journalctl --no-pager -o export CONTAINER_NAME=jd PRIORITY=6
  check "journald: the container's fields, as conmon's" grep -q "^SYSLOG_IDENTIFIER=mytag" <<<"$out"
  check "... its tag" grep -q "^CONTAINER_TAG=mytag" <<<"$out"
  check "... its id" grep -q "^CONTAINER_ID_FULL=$($R inspect -f '{{.Id}}' jd)" <<<"$out"
  check "... a partial line marked" grep -q "^CONTAINER_PARTIAL_MESSAGE=true" <<<"$out"
  run journalctl --no-pager -o cat CONTAINER_NAME=jd PRIORITY=3
  check "stderr's lines at priority 3" test "$out" = err1
  run $R logs jd
  check "logs reads the journal" test "$out" = "$(printf 'out1\nout2\npartial')"
  check "logs: stderr's lines to stderr" test "$err" = err1
  run $R logs --tail 1 jd
  check "logs --tail from the journal" test "$out$err" = partial
  run $R inspect -f '{{.HostConfig.LogConfig.Type}} [{{.HostConfig.LogConfig.Path}}]' jd
  check "inspect: journald, no path" test "$out" = "journald []"
  run $R run -d --name jf $N --log-driver journald ibox sh -c 'for i in 1 2 3; do echo tick$i; sleep 0.2; done'
  run $R logs -f jf
  check "logs -f follows the journal to the end" test "$out" = "$(printf 'tick1\ntick2\ntick3')"
  $R rm -f jd jf >/dev/null
  kill "$journald"
  wait "$journald" 2>/dev/null
  umount /etc/systemd/journald.conf
  umount -l /run
fi

# Secrets: the file driver; --secret as a file or a variable.
printf 'topsecret' >"$tmp/secret.txt"
run $R secret create mysec "$tmp/secret.txt"
check_status 0
secid=$out
run $R secret create mysec "$tmp/secret.txt"
check_err "Error: mysec: secret name in use"
run bash -c "printf fromstdin | $R secret create s2 -"
check_status 0
run $R secret ls --format '{{.Name}} {{.Driver}}'
check "secret ls" test "$out" = "mysec file
s2 file"
run $R secret inspect --format '{{.ID}} {{.Spec.Name}} {{.Spec.Driver.Name}}' mysec
check "secret inspect" test "$out" = "$secid mysec file"
run $R run --rm $N --secret mysec ibox cat /run/secrets/mysec
check "a secret as a file" test "$out" = topsecret
run $R run --rm $N --secret s2,type=env,target=MYENV ibox sh -c 'echo $MYENV'
check "a secret as a variable" test "$out" = fromstdin
run $R run --rm $N --secret mysec,target=other,mode=0440 ibox stat -c %a /run/secrets/other
check "its mode" test "$out" = 440
run $R run --rm $N --secret nope ibox true
check_err 'Error: no secret with name or id "nope": no such secret'
run $R secret rm mysec s2 nope
check_status 125
check_err 'Error: no secret with name or id "nope": no such secret'
run $R secret ls -q
check "secret rm removed both" test -z "$out"

if $rootless; then
  if [ ! -e /sys/fs/cgroup/cgroup.controllers ]; then
    run $R run --rm $N --memory 64m --pids-limit 20 ibox true
    check_status 0
    check_err "Resource limits are not supported and ignored on cgroups V1 rootless systems"
    run $R run -d --name rp $N ibox sleep 600
    run $R pause rp
    check_status 125
    check_err "Error: can not pause containers on rootless containers with cgroup V1: this container does not have a cgroup"
    run $R stats --no-stream rp
    check_status 125
    check_err "Error: stats is not supported in rootless mode without cgroups v2"
    run $R inspect -f '{{.HostConfig.PidsLimit}}' rp
    check "no pids limit without a cgroup" test "$out" = 0
  fi
  finish
fi

cgdir() {  # CONTROLLER NAME: the container's directory in that hierarchy
  echo "/sys/fs/cgroup/$1/libpod_parent/libpod-$($R inspect -f '{{.Id}}' "$2")"
}

# The OOM killer at --memory; fork refused past --pids-limit; --cpus.
run $R run --name oom $N --memory 20m --memory-swap 20m ibox sh -c 'x=a; while true; do x="$x$x"; done'
check_status 137
run $R inspect -f '{{.State.OOMKilled}} {{.State.ExitCode}}' oom
check "OOMKilled is recorded" test "$out" = "true 137"
run $R run --rm $N --pids-limit 20 ibox sh -c 'for i in $(seq 40); do sleep 5 & done; echo done'
check_err_has "can't fork"
run $R run -d --name busy $N --cpus 0.5 ibox sh -c 'while :; do :; done'
usage=$(cgdir cpuacct busy)/cpuacct.usage
a=$(cat "$usage"); sleep 1; b=$(cat "$usage")
check "--cpus 0.5 holds a busy loop near half a CPU ($(( (b - a) / 1000000 )) ms in 1 s)" test $(( (b - a) / 1000000 )) -lt 700
$R rm -f -t 0 busy >/dev/null

# Limits where the kernel keeps them, and in inspect.
run $R run -d --name lim $N --memory 64m --memory-reservation 32m --memory-swappiness 10 --cpu-shares 512 --cpuset-cpus 0 \
  --oom-score-adj 100 ibox sleep 600
check_status 0
check "memory.limit_in_bytes" test "$(cat "$(cgdir memory lim)/memory.limit_in_bytes")" = 67108864
check "swap defaults to twice memory" test "$(cat "$(cgdir memory lim)/memory.memsw.limit_in_bytes")" = 134217728
check "memory.soft_limit_in_bytes" test "$(cat "$(cgdir memory lim)/memory.soft_limit_in_bytes")" = 33554432
check "cpu.shares" test "$(cat "$(cgdir cpu lim)/cpu.shares")" = 512
check "cpuset.cpus" test "$(cat "$(cgdir cpuset lim)/cpuset.cpus")" = 0
check "the default pids limit is 2048" test "$(cat "$(cgdir pids lim)/pids.max")" = 2048
check "the devices are Podman's allow-list" grep -qx 'c 136:\* rwm' "$(cgdir devices lim)/devices.list"
run $R exec lim cat /proc/self/oom_score_adj
check "exec's process has the OOM score" test "$out" = 100
run $R exec lim cat /proc/self/cgroup
check_out_has "memory:/libpod_parent/libpod-"
check "exec's process is in its cgroup in every hierarchy, the v2 tree's too" test -z "$(echo "$out" | grep -v ':/libpod_parent/libpod-[0-9a-f]*$')"
run $R inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemoryReservation}} {{.HostConfig.CpuShares}} {{.HostConfig.PidsLimit}} {{.HostConfig.OomScoreAdj}} {{.HostConfig.CpusetCpus}}' lim
check "inspect shows the limits" test "$out" = "67108864 33554432 512 2048 100 0"

# Devices: a node the container makes opens nothing unless a rule allows it.
run $R run --rm $N --cap-add mknod --tmpfs /t:dev,exec ibox sh -c 'mknod /t/lc c 10 237 && head -c0 /t/lc'
check_err_has "Operation not permitted"
run $R run --rm $N --cap-add mknod --device-cgroup-rule 'c 10:237 rw' --tmpfs /t:dev,exec ibox sh -c 'mknod /t/lc c 10 237 && head -c0 /t/lc && echo opened'
check_out_has opened
run $R run --rm $N --device /dev/net/tun ibox ls /dev/net/tun
check_status 0
run $R run --rm $N --device /dev/null:/mynull ibox sh -c 'echo x >/mynull && echo written'
check_out_has written
run $R run --rm $N --device /nope ibox true
check_err "Error: stat /nope: no such file or directory"

# cgroup namespaces, and no cgroup at all.
run $R run --rm $N --cgroupns private ibox cat /proc/self/cgroup
check_out_lacks libpod
check "its own cgroup is the root of its cgroup namespace, in every hierarchy" test -z "$(echo "$out" | grep -v ':/$')"
run $R run --rm $N ibox cat /proc/self/cgroup
check_out_has "/libpod_parent/libpod-"
# Born in it (clone3's CLONE_INTO_CGROUP for the v2 tree) or moved in by
# itself (each v1 hierarchy's tasks): every line, the v2 tree's too.
check "in its cgroup in every hierarchy" test -z "$(echo "$out" | grep -v ':/libpod_parent/libpod-[0-9a-f]*$')"
run $R run --rm $N --cgroups disabled ibox cat /proc/self/cgroup
check_out_lacks libpod

# pause and unpause; stats.
run $R pause lim
check "pause prints the name" test "$out" = lim
run $R inspect -f '{{.State.Status}} {{.State.Paused}} {{.State.Running}}' lim
check "paused" test "$out" = "paused true false"
check "the freezer holds it" grep -q FROZEN "$(cgdir freezer lim)/freezer.state"
run $R ps -a --format '{{.Names}} {{.Status}}' --filter name=lim
check "ps says Paused" test "$out" = "lim Paused"
run $R pause lim
check_status 125
check_err "Error: \"$($R inspect -f '{{.Id}}' lim)\" is already paused: container state improper"
run $R exec lim true
check_status 255
run $R unpause lim
check_status 0
run $R unpause lim
check_err "Error: \"$($R inspect -f '{{.Id}}' lim)\" is not paused, can't unpause: container state improper"
run $R create --name made $N ibox true
run $R pause made
check_err "Error: \"created\" is not running, can't pause: container state improper"
run $R stats --no-stream lim
check_out_has "ID            NAME        CPU %       MEM USAGE / LIMIT  MEM %"
check_out_has " / 67.11MB"
run $R stats --no-stream --format json lim
check_out_has '"mem_usage":'
run $R stats --no-stream --format '{{.Name}} {{.PIDs}}' lim
check "stats' template" test "$out" = "lim 1"
run $R stats --no-stream nope
check_err 'Error: unable to get list of containers: unable to look up container nope: no container with name or ID "nope" found: no such container'
$R pause lim >/dev/null
run $R stop -t 0 lim
check_status 0
run $R inspect -f '{{.State.Status}}' lim
check "a paused container stops" test "$out" = exited

# The cgroup goes with the container, and after a kill -9 of its monitor.
id=$($R inspect -f '{{.Id}}' lim)
check "no cgroup after the end" test ! -e /sys/fs/cgroup/memory/libpod_parent/libpod-$id
run $R run -d --name orphan $N ibox sleep 600
id=$($R inspect -f '{{.Id}}' orphan)
kill -9 "$($R inspect -f '{{.State.ConmonPid}}' orphan)"
run $R ps -a --filter name=orphan --format '{{.Status}}'
check_out_has "Exited (137)"
check "no cgroup after a dead monitor" test ! -e /sys/fs/cgroup/memory/libpod_parent/libpod-$id

# Podman's words for bad values.
for bad in "--memory 1x|Error: invalid value for memory: invalid size: '1x'" \
  "--cpus abc|Error: invalid argument \"abc\" for \"--cpus\" flag: strconv.ParseFloat: parsing \"abc\": invalid syntax" \
  "--memory 20m --memory-swap 10m|Error: minimum memoryswap limit should be larger than memory limit, see usage" \
  "--cpuset-cpus 99|Error: requested CPUs are not available - requested 99, available: $(cat /sys/devices/system/cpu/online)" \
  "--memory-swappiness 200|Error: invalid value: 200, valid memory swappiness range is 0-100" \
  "--cgroups bogus|Error: running container create option: invalid cgroup mode \"bogus\": invalid argument" \
  "--device-cgroup-rule x|Error: invalid device type in device-access-add: x" \
  "--cpus 1 --cpu-period 1000|Error: --cpu-period and --cpus cannot be set together" \
  "--cgroupns bogus|Error: unrecognized namespace mode bogus passed"; do
  run $R run --rm $N ${bad%%|*} ibox true
  check_status 125
  check_err "${bad#*|}"
done
run $R ps -a --format '{{.Names}}'
check "nothing made by the refused runs" test "$(echo "$out" | sort | tr '\n' ' ')" = "lim made oom orphan sc1 "

if ! $rootless; then
  # --cgroups split (Podman's, as Quadlet's units run it): the container's
  # cgroup is libpod-payload-ID under its creator's own (the unified
  # tree's), and what was there (the creator, the monitor) moves under
  # runtime; at the root, Podman's error; never with --cgroup-parent.
  before=$($R ps -aq | wc -l)
  run $R run --rm $N --cgroups split ibox true
  check_status 126
  check_err 'Error: could not find cgroup mount in "/proc/self/cgroup"'
  check "... leaving nothing" test "$($R ps -aq | wc -l)" = "$before"
  run $R create $N --cgroups split --cgroup-parent /x ibox true
  check_status 125
  check_err "Error: cannot specify --cgroup-mode=split with a cgroup-parent: invalid argument"
  unified=/sys/fs/cgroup
  [ -f /sys/fs/cgroup/cgroup.controllers ] || unified=/sys/fs/cgroup/unified
  mkdir "$unified/$split_cg"
  run bash -c "echo \$\$ > $unified/$split_cg/cgroup.procs && $R run -d --name splitc $N --cgroups split ibox sleep 600"
  check_status 0
  id=$out
  pid=$($R inspect -f '{{.State.Pid}}' splitc)
  check "--cgroups split: the container under its creator's cgroup" grep -q "^0::/$split_cg/libpod-payload-$id\$" /proc/$pid/cgroup
  check "... in every hierarchy" grep -q ":pids:/$split_cg/libpod-payload-$id\$" /proc/$pid/cgroup
  check "... its monitor under runtime" grep -q "^0::/$split_cg/runtime\$" "/proc/$($R inspect -f '{{.State.ConmonPid}}' splitc)/cgroup"
  run $R inspect -f '{{.HostConfig.Cgroups}}|{{.HostConfig.CgroupParent}}' splitc
  check "inspect as Podman's" test "$out" = "default|"
  run $R rm -f -t 0 splitc
  check "rm removes its cgroup" test ! -e "$unified/$split_cg/libpod-payload-$id"
fi


finish
