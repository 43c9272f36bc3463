// SPDX-License-Identifier: GPL-2.0-or-later
// launch/exec_child.h: the child side of exec: a running container's
// namespaces opened from its first process, joined, its root taken, and
// then the same tail as the first process (launch/process.h). The monitor
// side (the relay, the exit code) is monitor/exec.h.
#pragma once

#include <sys/types.h>

#include "base/fd.h"
#include "launch/process.h"

namespace launch {

struct ContainerNamespaces {
  base::UniqueFd user, pid, ipc, uts, net, mnt, root;
  // Root's container in a user namespace of its own: its network (and a
  // pod's UTS and IPC) namespaces are the host's root's, so the caller,
  // root, joins them before its user namespace, last.
  bool user_last = false;

  // /proc/PID/ns/* and /proc/PID/root of the container's first process;
  // throws LaunchError (125) naming what could not be opened.
  static ContainerNamespaces of(pid_t target);
};

// Whether the namespace `fd` is this process's own (`mine`:
// "/proc/self/ns/user", ...).
bool same_namespace(int fd, const char* mine);

// Whether it is the host's root there (CAP_SYS_ADMIN), with the right to
// join any namespace: it joins a container's user namespace last.
bool host_admin();

// Joins the container's user namespace (unless it is the caller's) and
// its PID namespace: the caller's children from here on are in both. The
// caller must have no other threads.
void join_user_and_pid(ContainerNamespaces& ns);

// Forks the process (into the v2 cgroup `cgroup`, an fd, unless -1): the
// child joins the IPC, UTS, network and mount namespaces, takes the
// container's root and goes on as `plan` says. Returns its pid; throws
// LaunchError when it cannot fork.
pid_t spawn_in(const ContainerNamespaces& ns, const ProcessPlan& plan, int cgroup = -1);

}  // namespace launch
