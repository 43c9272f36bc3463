// SPDX-License-Identifier: GPL-2.0-or-later
// launch/root_access.cc: /proc/PID/root and the container's user
// namespace for a running container; unshare and an overlay mount for a
// stopped one.
#include "launch/root_access.h"

#include <sched.h>
#include <sys/mount.h>

#include <unistd.h>

#include <cerrno>
#include <memory>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "launch/clone_ops.h"
#include "launch/exec_child.h"
#include "launch/idmap.h"
#include "rootless/id_mapping.h"

namespace launch {

namespace {

rootless::ChildWork running(const RootAccess& a, const std::function<void(const base::RootDir&)>& work) {
  // Opened here, as the caller: the root's fd walks the container's own
  // mount tree (its volumes) from any mount namespace.
  auto ns = std::make_shared<ContainerNamespaces>(ContainerNamespaces::of(a.pid));
  return rootless::ChildWork::start(nullptr, [=] {
    if (!same_namespace(ns->user.get(), "/proc/self/ns/user")) {
      // Its root there: not the host's root (which it does not map),
      // nor a user whose own id it may leave out (nomap).
      if (::setns(ns->user.get(), CLONE_NEWUSER) < 0) throw base::sys_error(errno, "join the container's user namespace");
      if (::setresgid(0, 0, 0) < 0 || ::setresuid(0, 0, 0) < 0) throw base::sys_error(errno, "become the container's root");
    }
    work(base::RootDir(std::move(ns->root), fmt::format("the root of process {}", a.pid)));
  });
}

// In the child: a mount namespace of its own, the root and the mounts
// the container keeps on the host, then the work.
void mount_and_work(const RootOverlay& overlay, const std::vector<PlannedMount>& mounts,
                    const std::function<void(const base::RootDir&)>& work) {
  if (::unshare(CLONE_NEWNS) < 0) throw base::sys_error(errno, "unshare a mount namespace");
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0) throw base::sys_error(errno, "make / private");
  if (!overlay.mount()) throw base::sys_error(errno, "mount the container's root filesystem");
  base::RootDir root(overlay.merged);
  for (const auto& m : mounts) {
    if (!mount_planned(root.fd(), m)) throw base::sys_error(errno, "mount {} on {}", m.source, m.target.rel);
  }
  work(root);
}

// Root's stopped container in a user namespace of its own: its overlay
// mounted as the launcher mounts it, by a child that is the container's
// root in a namespace with its maps, started in the container's dir: the
// image's files idmapped, host paths as detached trees.
rootless::ChildWork stopped_own_maps(const RootAccess& a, const std::function<void(const base::RootDir&)>& work) {
  RootOverlay overlay = RootOverlay::of(a.lower, a.dir, MS_NODEV, a.direct_root);
  base::UniqueFd userns = user_namespace_with(*a.own_maps);
  auto trees = std::make_shared<std::vector<base::UniqueFd>>();
  trees->push_back(idmapped_tree(a.lower, userns.get(), false));
  auto uid = rootless::mapped_id(a.own_maps->uids, 0), gid = rootless::mapped_id(a.own_maps->gids, 0);
  if (!uid || !gid) throw base::error("the container's maps lack its root");
  root_overlay_in_userns(overlay, trees->back().get(), a.dir, *uid, *gid);
  std::vector<PlannedMount> mounts;
  for (const auto& m : a.mounts) {
    if (m.tmpfs || m.devpts || !m.overlay_upper.empty()) continue;
    mounts.push_back(plan_mount(m));
    trees->push_back(m.idmap ? idmapped_tree(m.source, userns.get(), mounts.back().recursive) : detached_tree(m.source, mounts.back().recursive));
    mounts.back().tree = trees->back().get();
  }
  JoinedForClone in_dir;
  in_dir.enter(a.dir);
  return rootless::ChildWork::start(a.own_maps, [=] {
    if (::setresgid(0, 0, 0) < 0 || ::setresuid(0, 0, 0) < 0) throw base::sys_error(errno, "become the container's root");
    mount_and_work(overlay, mounts, work);
    (void)trees;  // held open until the child is made
  });
}

rootless::ChildWork stopped(const RootAccess& a, const std::function<void(const base::RootDir&)>& work) {
  if (a.own_maps) return stopped_own_maps(a, work);
  // A container that never ran has no upper dir yet: of() makes it.
  RootOverlay overlay = RootOverlay::of(a.lower, a.dir, MS_NODEV, a.direct_root);
  // What it keeps on the host; a tmpfs or an O mount would be gone with
  // the child.
  std::vector<PlannedMount> mounts;
  for (const auto& m : a.mounts) {
    if (!m.tmpfs && !m.devpts && m.overlay_upper.empty()) mounts.push_back(plan_mount(m));
  }
  return rootless::ChildWork::start(a.maps, [=] { mount_and_work(overlay, mounts, work); });
}

}  // namespace

rootless::ChildWork start_in_root(const RootAccess& access, const std::function<void(const base::RootDir&)>& work) {
  return access.pid > 0 ? running(access, work) : stopped(access, work);
}

}  // namespace launch
