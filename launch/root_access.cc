// SPDX-License-Identifier: GPL-2.0-or-later
// launch/root_access.cc: /proc/PID/root and the container's user
// namespace for a running container; unshare and an overlay mount for a
// stopped one.
#include "launch/root_access.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"

namespace launch {

namespace {

base::UniqueFd open_proc(pid_t pid, const char* what, int flags) {
  std::string path = fmt::format("/proc/{}/{}", pid, what);
  base::UniqueFd fd{::open(path.c_str(), flags | O_CLOEXEC)};
  if (!fd) throw base::sys_error(errno, "open {}", path);
  return fd;
}

bool same_inode(int fd, const char* path) {
  struct stat a, b;
  return ::fstat(fd, &a) == 0 && ::stat(path, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

rootless::ChildWork running(const RootAccess& a, const std::function<void(const base::RootDir&)>& work) {
  // Opened here, as the caller: the root's fd walks the container's own
  // mount tree (its volumes) from any mount namespace.
  auto user = std::make_shared<base::UniqueFd>(open_proc(a.pid, "ns/user", O_RDONLY));
  auto root = std::make_shared<base::UniqueFd>(open_proc(a.pid, "root", O_PATH | O_DIRECTORY));
  return rootless::ChildWork::start(nullptr, [=] {
    if (!same_inode(user->get(), "/proc/self/ns/user") && ::setns(user->get(), CLONE_NEWUSER) < 0) {
      throw base::sys_error(errno, "join the container's user namespace");
    }
    work(base::RootDir(std::move(*root), fmt::format("the root of process {}", a.pid)));
  });
}

rootless::ChildWork stopped(const RootAccess& a, const std::function<void(const base::RootDir&)>& work) {
  // A container that never ran has no upper dir yet.
  for (const char* d : {"upper", "work", "merged"}) base::ensure_dir(a.dir + "/" + d, 0755);
  std::string merged = a.dir + "/merged";
  std::string opts = fmt::format("lowerdir={},upperdir={}/upper,workdir={}/work", a.lower, a.dir, a.dir);
  // What it keeps on the host; a tmpfs or an O mount would be gone with
  // the child.
  std::vector<PlannedMount> mounts;
  for (const auto& m : a.mounts) {
    if (!m.tmpfs && !m.devpts && m.overlay_upper.empty()) mounts.push_back(plan_mount(m));
  }
  return rootless::ChildWork::start(a.maps, [=] {
    if (::unshare(CLONE_NEWNS) < 0) throw base::sys_error(errno, "unshare a mount namespace");
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0) throw base::sys_error(errno, "make / private");
    if (::mount("overlay", merged.c_str(), "overlay", MS_NODEV, opts.c_str()) < 0 &&
        // In a user namespace overlayfs keeps its metadata in user.* xattrs.
        ::mount("overlay", merged.c_str(), "overlay", MS_NODEV, (opts + ",userxattr").c_str()) < 0) {
      throw base::sys_error(errno, "mount the container's root filesystem");
    }
    base::RootDir root(merged);
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
