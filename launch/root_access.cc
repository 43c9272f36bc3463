// SPDX-License-Identifier: GPL-2.0-or-later
// launch/root_access.cc: /proc/PID/root and the container's user
// namespace for a running container; unshare and an overlay mount for a
// stopped one.
#include "launch/root_access.h"

#include <sched.h>
#include <sys/mount.h>

#include <cerrno>
#include <memory>

#include <fmt/format.h>

#include "base/error.h"
#include "launch/exec_child.h"

namespace launch {

namespace {

rootless::ChildWork running(const RootAccess& a, const std::function<void(const base::RootDir&)>& work) {
  // Opened here, as the caller: the root's fd walks the container's own
  // mount tree (its volumes) from any mount namespace.
  auto ns = std::make_shared<ContainerNamespaces>(ContainerNamespaces::of(a.pid));
  return rootless::ChildWork::start(nullptr, [=] {
    if (!same_namespace(ns->user.get(), "/proc/self/ns/user") && ::setns(ns->user.get(), CLONE_NEWUSER) < 0) {
      throw base::sys_error(errno, "join the container's user namespace");
    }
    work(base::RootDir(std::move(ns->root), fmt::format("the root of process {}", a.pid)));
  });
}

rootless::ChildWork stopped(const RootAccess& a, const std::function<void(const base::RootDir&)>& work) {
  // A container that never ran has no upper dir yet: of() makes it.
  RootOverlay overlay = RootOverlay::of(a.lower, a.dir, MS_NODEV, a.direct_root);
  // What it keeps on the host; a tmpfs or an O mount would be gone with
  // the child.
  std::vector<PlannedMount> mounts;
  for (const auto& m : a.mounts) {
    if (!m.tmpfs && !m.devpts && m.overlay_upper.empty()) mounts.push_back(plan_mount(m));
  }
  return rootless::ChildWork::start(a.maps, [=] {
    if (::unshare(CLONE_NEWNS) < 0) throw base::sys_error(errno, "unshare a mount namespace");
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0) throw base::sys_error(errno, "make / private");
    if (!overlay.mount()) throw base::sys_error(errno, "mount the container's root filesystem");
    base::RootDir root(overlay.merged);
    for (const auto& m : mounts) {
      if (!mount_planned(root.fd(), m)) throw base::sys_error(errno, "mount {} on {}", m.source, m.target.rel);
    }
    work(root);
  });
}

}  // namespace

rootless::ChildWork start_in_root(const RootAccess& access, const std::function<void(const base::RootDir&)>& work) {
  return access.pid > 0 ? running(access, work) : stopped(access, work);
}

}  // namespace launch
