# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/pods.sh WARREN: pods as root. The founding scenario of
# shared/SCENARIOS.md literally; members over localhost with no port
# published, a pod-level -p, a shared hostname, the pod commands, Podman's
# refusals, and after pod rm -f nothing left (veth, element, lease, netns
# mount, record). In a throwaway host, as networks.sh.
. "$(dirname "$0")/lib.sh"
enter_throwaway_host "$0" "$@"
W=$1
container_test_setup pod

import_alpine_nginx sh wget nc true sleep hostname cat ipcs ps grep ls tr
nothing_left() {
  network_nothing_left
  check "no container record left" test -z "$(ls "$tmp/root/containers" 2>/dev/null | grep -v names)"
  check "no pod record left" test -z "$(ls "$tmp/root/pods" 2>/dev/null | grep -v names)"
}

# The founding scenario, literally: a pod made by run, a second member
# fetching the first's page over localhost.
run $R run -dt --pod new:mypod --rm --name nginx alpine_nginx
check_status 0
check "run -d prints the 64-hex id" test ${#out} -eq 64
run $R run --pod mypod -i --rm alpine_nginx /bin/sh <<<'for i in $(seq 25); do wget -qO- http://localhost && break; sleep 0.2; done'
check_status 0
check_out_has "podman rulez"

run $R pod ps
check_out_has "POD ID        NAME        STATUS      CREATED"
check_out_has "INFRA ID      # OF CONTAINERS"
check_out_has "mypod       Running"
run $R pod ps --format '{{.Name}} {{.Status}} {{.NumberOfContainers}}'
check_out_has "mypod Running 2"
run $R ps --pod --format '{{.Names}} {{.PodName}}'
check_out_has "nginx mypod"
check_out_has "-infra mypod"
run $R ps -a --filter pod=mypod -q
check "ps --filter pod= lists infra and member" test "$(echo "$out" | wc -l)" = 2
run $R pod inspect mypod
check_out_has '"Name": "mypod"'
check_out_has '"State": "Running"'
check_out_has '"SharedNamespaces": ['
check_out_has '"Name": "nginx"'
infra=$($R pod inspect -f '{{.InfraContainerID}}' mypod)
check "the infra is a container" test ${#infra} -eq 64
run $R inspect -f '{{.NetworkSettings.IPAddress}}' "$infra"
check "the infra holds the pod's address" test "${out#10.88.}" != "$out"

# Members share the hostname (the pod's name), the address and IPC.
run $R run --pod mypod --rm alpine_nginx sh -c 'hostname; cat /etc/hostname; echo; cat /etc/hosts'
check_out_has "mypod"
check_out_has "host.containers.internal"
check_out_has "mypod $($R pod inspect -f '{{.Id}}' mypod | cut -c1-12)-infra"
check_out_has "	nginx"

# --rm on the last member leaves the pod.
run $R stop -t 0 nginx
check_status 0
run $R pod exists mypod
check_status 0
run $R pod ps --format '{{.Name}} {{.Status}} {{.NumberOfContainers}}'
check_out_has "mypod Running 1"

# Podman's refusals for what the pod owns, an unknown pod, a taken name.
run $R run --pod mypod -p 8080:80 alpine_nginx true
check_status 125
check_err "Error: invalid config provided: published or exposed ports must be defined when the pod is created: network cannot be configured when it is shared with a pod"
run $R run --pod mypod --network none alpine_nginx true
check_status 125
check_err "Error: invalid config provided: networks must be defined when the pod is created: network cannot be configured when it is shared with a pod"
run $R run --pod mypod --ip 10.88.0.9 alpine_nginx true
check_status 125
run $R run --pod mypod --mac-address 92:d0:c6:0a:29:33 alpine_nginx true
check_status 125
run $R run --pod mypod --hostname x alpine_nginx true
check_status 125
check_err "Error: invalid config provided: cannot set hostname when joining the pod UTS namespace: invalid configuration"
run $R run --pod mypod --dns 10.1.1.1 alpine_nginx true
check_status 125
run $R run --pod nopod alpine_nginx true
check_status 125
check_err "Error: no pod with name or ID nopod found: no such pod"
run $R pod create --name mypod
check_status 125
check_err 'Error: adding pod to state: name "mypod" is in use: pod already exists'
run $R run --pod new:mypod alpine_nginx true
check_status 125
check_err 'Error: adding pod to state: name "mypod" is in use: pod already exists'
run $R pod create --name 'bad/name'
check_status 125
check_err "Error: running pod create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument"
run $R rm -f -t 0 "$infra"
check_status 125
check_err "Error: container $infra is the infra container of pod $($R pod inspect -f '{{.Id}}' mypod) and cannot be removed without removing the pod"
run $R pod exists nopod
check_status 1
check "refusals left no container behind" test "$($R ps -a -q | wc -l)" = 1

# pod rm of a running pod needs -f; -f leaves nothing.
run $R pod rm mypod
check_status 125
run $R pod rm -f mypod
check_status 0
check "pod rm prints the pod's id" test ${#out} -eq 64
nothing_left

# A pod-level -p reaches a member's server; stop, start, restart, kill.
run $R pod create --name web -p 8080:80 --label tier=front
check_status 0
pod_id=$out
run $R pod ps --format '{{.Name}} {{.Status}}' --filter label=tier=front
check_out_has "web Created"
run $R run -d --pod web --name srv alpine_nginx
check_status 0
run $R exec srv cat /proc/sys/net/ipv4/ping_group_range
check "the pod's namespace has the default ping_group_range" test "$out" = "$(printf '0\t0')"
check "a pod-level -p reaches the member" fetch http://127.0.0.1:8080
check_out_has "podman rulez"
run $R port -a
check_out_has "80/tcp -> 0.0.0.0:8080"
run $R pod inspect web
check_out_has '"HostPort": "8080"'
run $R pod stop -t 1 web
check_status 0
check_out_has "$pod_id"
run $R pod ps --format '{{.Name}} {{.Status}}'
check_out_has "web Exited"
run $R pod start web
check_status 0
check "the member serves again after pod start" fetch http://127.0.0.1:8080
run $R pod restart web
check_status 0
check "and after pod restart" fetch http://127.0.0.1:8080
run $R pod kill web
check_status 0
for i in $(seq 50); do [ "$($R pod ps --format '{{.Status}}')" = Exited ] && break; sleep 0.1; done
run $R pod ps --format '{{.Name}} {{.Status}}'
check_out_has "web Exited"
run $R pod prune -f
check_status 0
check_out_has "$pod_id"
nothing_left

# --infra=false: a grouping only; --share chooses what members join.
run $R pod create --name bare --infra=false -p 80
check_status 125
check_err "Error: you must have an infra container to publish port bindings to the host"
run $R pod create --name bare --infra=false
check_status 0
run $R run --pod bare --rm -p 8081:80 alpine_nginx true
check_status 0
run $R pod create --name nouts --share net
check_status 0
run $R run --pod nouts --rm --hostname own alpine_nginx hostname
check_status 0
check_out_has "own"
run $R pod rm -a -f
check_status 0
nothing_left

# --share pid (+ adds to the default list): the members see one another's
# processes and the infra as PID 1, which reaps what they orphan; the
# infra's --pid/--uts host (Podman's pid_ns/uts_ns); --security-opt is
# the infra's (Podman 4.3 leaves the members' own); Podman's refusals.
run $R pod create --name pidpod --share +pid
check_status 0
run $R pod inspect pidpod --format '{{.SharedNamespaces}} {{.InfraConfig.PidNS}} {{.InfraConfig.UtsNS}}'
check "pod inspect: the namespaces shared and the infra's modes" test "$out" = "[ipc net uts pid] private private"
run $R run -d --name sleeper --pod pidpod alpine_nginx sleep 300
run $R run --rm --pod pidpod alpine_nginx sh -c 'cat /proc/1/cmdline; echo; ps -o args | grep -c "^sleep 300"'
check "a member sees the infra as PID 1 and the other member's process" test "$out" = "$(printf 'warren-infra
1')"
run $R exec sleeper sh -c 'sh -c "sleep 0.2 &"; sleep 1; ps -o stat,args | grep -c "^Z"'
check "orphans in a shared PID namespace are reaped by the infra" test "$out" = 0
infra=$($R pod inspect pidpod --format '{{.InfraContainerID}}')
check "the infra runs under the default seccomp filter" grep -q 'Seccomp:[[:space:]]*2' "/proc/$($R inspect -f '{{.State.Pid}}' "$infra")/status"
run $R pod rm -f pidpod
check_status 0
run $R pod create --name hostpid --pid host --uts host --share pid,uts --security-opt seccomp=unconfined
check_status 0
run $R run --rm --pod hostpid alpine_nginx sh -c 'hostname; ls /proc | grep -c "^[0-9]"; grep Seccomp: /proc/self/status | tr -d "\t"'
lines=($out)
check "--uts host: the host's name" test "${lines[0]}" = "$(hostname)"
check "--pid host shared: the host's processes" test "${lines[1]}" -gt 3
check "a member keeps its own seccomp filter" test "${lines[2]}" = Seccomp:2
infra=$($R pod inspect hostpid --format '{{.InfraContainerID}}')
check "the pod's --security-opt is the infra's" grep -q 'Seccomp:[[:space:]]*0' "/proc/$($R inspect -f '{{.State.Pid}}' "$infra")/status"
run $R pod inspect hostpid --format '{{.InfraConfig.PidNS}} {{.InfraConfig.UtsNS}} {{json .SharedNamespaces}}'
check "pod inspect: host modes" test "$out" = 'host host ["pid","uts"]'
run $R pod inspect hostpid
check_out_has $'"security_opt": [\n          "seccomp=unconfined"\n     ]'
run $R pod rm -f hostpid
run $R pod create --name plain
run $R pod create --name noshare --share ""
run $R pod inspect plain noshare --format '{{.SharedNamespaces}}'
check "SharedNamespaces as Podman 4.3 lists them (\"\" is nothing)" test "$out" = "$(printf '[net uts ipc]\n[]')"
run $R pod rm plain noshare
run $R pod create --name bad --share pid,bogus
check_status 125
check_err "Error: invalid kernel namespace to share: bogus. Options are: cgroup, ipc, net, pid, uts or none"
run $R pod create --name bad --share pid --infra=false
check_err "Error: cannot set share(pid) namespaces without an infra container"
run $R pod create --name bad --share +cgroup
check_err "Error: cannot define the pod as the cgroup parent at the same time as joining the infra container's cgroupNS: invalid argument"
run $R pod create --name bad --pid bogus
check_err "Error: unrecognized namespace mode bogus passed"
run $R pod create --name bad --uts ns:/nonexistent
check_status 125
check_err "Error: cannot find specified UTS namespace path: stat /nonexistent: no such file or directory"
# --share cgroup (with --share-parent=false): members in the infra's
# cgroup namespace, whose root is the infra's cgroup.
run $R pod create --name cgpod --share +cgroup --share-parent=false
check_status 0
run $R run --rm --pod cgpod alpine_nginx cat /proc/self/cgroup
check "a member's cgroup is seen from the infra's namespace" grep -q ':/\.\./' <<<"$out"
run $R pod rm -a -f
nothing_left

# Init containers (create --init-ctr): after the infra, before the others,
# each to its end; a `once` one is gone after its run, an `always` one
# runs at every start; one that fails fails the pod's start.
run $R create --init-ctr once alpine_nginx true
check_err "Error: must specify pod value with init-ctr"
run $R create --init-ctr sometimes --pod new:ix alpine_nginx true
check_err "Error: init-ctr value must be 'always' or 'once'"
run $R run --init-ctr once --pod new:iy alpine_nginx true
check_err "Error: unknown flag: --init-ctr"
run $R pod create --name inits
run $R create --name first --init-ctr once --pod inits alpine_nginx sh -c 'sleep 0.5; echo first'
run $R create --name every --init-ctr always --pod inits alpine_nginx sh -c 'echo every'
run $R create --name main --pod inits alpine_nginx sh -c 'cat /proc/uptime; sleep 100'
run $R pod start inits
check_status 0
check "a once init container is gone after its run" sh -c "! $R container exists first"
run $R ps -a --filter name=every --format '{{.Status}}'
check "an always one ran to its end" grep -q '^Exited (0)' <<<"$out"
run $R ps --filter name=main --format '{{.Status}}'
check "the others run after them" grep -q '^Up' <<<"$out"
run $R create --name late --init-ctr once --pod inits alpine_nginx true
check_err "Error: cannot add init-ctr to a running pod"
run $R pod stop -t 0 inits
run $R create --name bad --init-ctr once --pod inits alpine_nginx sh -c 'exit 1'
check_status 0
bad=$out
run $R pod start inits
check_status 125
check_err "Error: init container $bad exited with code 1"
run $R ps --filter name=main -q
check "a failed init container: the others do not start" test -z "$out"
run $R logs every
check "the always one ran at each start" test "$out" = "$(printf 'every\nevery')"
run $R pod rm -f inits

# --infra-image and --infra-command: the infra runs that image's command,
# which holds the pod's namespaces (the members' PID 1 with +pid), its
# published port the members' server's.
run $R pod create --name ii --share +pid -p 8086:80 --infra-image alpine_nginx --infra-command "sleep 1000"
check_status 0
run $R inspect -f '{{.ImageName}} {{.Path}} {{.Args}} {{.Config.Entrypoint}}' "$($R pod inspect -f '{{.InfraContainerID}}' ii)"
check "the infra of an image, its entrypoint the command" test "$out" = "localhost/alpine_nginx:latest sleep [1000] sleep 1000"
run $R run -d --pod ii --name iiweb alpine_nginx
check_status 0
check "a member's server on the pod's port" fetch http://127.0.0.1:8086
run $R exec iiweb sh -c 'tr "\0" " " </proc/1/cmdline'
check "the infra's command is the pod's PID 1" test "$out" = "sleep 1000 "
run $R ps -a --pod --filter pod=ii --format '{{.Image}} {{.PodName}} {{.Names}}'
check_out_has "localhost/alpine_nginx:latest ii $($R pod inspect -f '{{.Id}}' ii | cut -c1-12)-infra"
run $R pod stop -t 0 ii
check_status 0
run $R pod start ii
check_status 0
check "after a pod start" fetch http://127.0.0.1:8086
run $R pod rm -f -t 0 ii
check_status 0
run $R pod create --name ic --infra-command /pause
check_err "Error: --infra-command needs --infra-image: warren's own infra has no image to run it in"
run $R import "$tmp/fs.tar" nocmd
run $R pod create --name ic --infra-image nocmd
check_err "Error: no command or entrypoint provided, and no CMD or ENTRYPOINT from image"
run $R rmi nocmd
run $R pod create --name ic --infra=false --infra-image alpine_nginx
check_err "Error: cannot set --infra-image without an infra container"
run $R pod exists ic
check "nothing left of refused pods" test "$status" = 1
nothing_left
finish
