// SPDX-License-Identifier: GPL-2.0-or-later
// launch/exec_child.cc: setns into a running container.
#include "launch/exec_child.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include <fmt/format.h>

#include "base/error.h"
#include "launch/clone_ops.h"
#include "launch/process.h"
#include "rootless/userns.h"

namespace launch {

namespace {

// The forked child: the container's namespaces and root, then the process.
[[noreturn]] void enter_and_exec(const ContainerNamespaces& ns, const ProcessPlan& p) {
  for (const base::UniqueFd* fd : {&ns.ipc, &ns.uts, &ns.net, &ns.mnt}) {
    if (::setns(fd->get(), 0) < 0) fail_stage(p, kJoin);
  }
  // (A chrooted process may not join a user namespace.)
  // Then its root, as the container's first process became.
  if (ns.user_last && (::setns(ns.user.get(), CLONE_NEWUSER) < 0 || ::setresgid(0, 0, 0) < 0 || ::setresuid(0, 0, 0) < 0)) {
    fail_stage(p, kJoin);
  }
  if (::fchdir(ns.root.get()) < 0 || ::chroot(".") < 0) fail_stage(p, kRoot);
  finish_and_exec(p);
}

}  // namespace

bool same_namespace(int fd, const char* mine) {
  struct stat a, b;
  return ::fstat(fd, &a) == 0 && ::stat(mine, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

// Whether this process is in the host's user namespace: its map is the
// whole range, one to one.
bool host_admin() {
  return rootless::in_initial_user_namespace() && (permitted_capabilities() & (uint64_t{1} << CAP_SYS_ADMIN));
}



ContainerNamespaces ContainerNamespaces::of(pid_t target) {
  ContainerNamespaces ns;
  auto open = [&](base::UniqueFd& fd, const char* what) {
    std::string path = fmt::format("/proc/{}/{}", target, what);
    fd.reset(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) throw base::LaunchError(125, errno, fmt::format("open {}", path));
  };
  open(ns.user, "ns/user");
  open(ns.pid, "ns/pid");
  open(ns.ipc, "ns/ipc");
  open(ns.uts, "ns/uts");
  open(ns.net, "ns/net");
  open(ns.mnt, "ns/mnt");
  open(ns.root, "root");
  return ns;
}

void join_user_and_pid(ContainerNamespaces& ns) {
  // A regular user's container has a user namespace of its own: in it
  // first, for the right to join the rest. Root joins it last.
  bool own = same_namespace(ns.user.get(), "/proc/self/ns/user");
  ns.user_last = !own && host_admin();
  if (!own && !ns.user_last) {
    // A regular user's container nested in the user's network namespace
    // (its own maps on a bridge network): that namespace's user namespace
    // first, for the right to join its network; the container's last.
    base::UniqueFd net_owner{::ioctl(ns.net.get(), NS_GET_USERNS)};
    struct stat a {}, b {};
    bool other = net_owner && ::fstat(net_owner.get(), &a) == 0 && ::fstat(ns.user.get(), &b) == 0 &&
                 (a.st_ino != b.st_ino || a.st_dev != b.st_dev) && !same_namespace(net_owner.get(), "/proc/self/ns/user");
    if (other && ::setns(net_owner.get(), CLONE_NEWUSER) < 0) {
      throw base::LaunchError(125, errno, "join the user namespace of the container's network");
    }
    ns.user_last = other;
  }
  if (!own && !ns.user_last && ::setns(ns.user.get(), CLONE_NEWUSER) < 0) {
    throw base::LaunchError(125, errno, "join the container's user namespace");
  }
  // Its root there (the user's own id may not be mapped in it: nomap).
  if (!own && !ns.user_last && (::setresgid(0, 0, 0) < 0 || ::setresuid(0, 0, 0) < 0)) {
    throw base::LaunchError(125, errno, "become the container's root");
  }
  if (::setns(ns.pid.get(), CLONE_NEWPID) < 0) throw base::LaunchError(125, errno, "join the container's PID namespace");
}

pid_t spawn_in(const ContainerNamespaces& ns, const ProcessPlan& plan, int cgroup) {
  pid_t pid = cgroup >= 0 ? fork_into_cgroup(SIGCHLD, cgroup) : ::fork();
  if (pid < 0) throw base::LaunchError(125, errno, "fork the exec process");
  if (pid == 0) enter_and_exec(ns, plan);
  return pid;
}

}  // namespace launch
