// SPDX-License-Identifier: GPL-2.0-or-later
// netns/namespace.cc: opening, creating, entering and removing network
// namespaces, as iproute2's `ip netns` does it.
#include "netns/namespace.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/file.h"
#include "base/log.h"
#include "base/scope.h"

namespace netns {

Namespace Namespace::current() { return open("/proc/thread-self/ns/net"); }

Namespace Namespace::open(const std::string& path) {
  auto ns = try_open(path);
  if (!ns) throw base::sys_error(ENOENT, "open network namespace {}", path);
  return std::move(*ns);
}

std::optional<Namespace> Namespace::try_open(const std::string& path) {
  base::UniqueFd fd{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (!fd) {
    if (errno == ENOENT) return std::nullopt;
    throw base::sys_error(errno, "open network namespace {}", path);
  }
  return Namespace(std::move(fd), path);
}

ino_t Namespace::inode() const {
  struct stat st;
  if (::fstat(fd_.get(), &st) < 0) throw base::sys_error(errno, "stat {}", path_);
  return st.st_ino;
}

namespace {

// The dir must be a shared mount point so that a namespace unmounted here is
// unmounted in every mount namespace that copied it (iproute2 does the same
// for /run/netns).
void ensure_shared_mount(const std::string& dir) {
  base::ensure_dir(dir, 0755);
  if (::mount("", dir.c_str(), "none", MS_SHARED | MS_REC, nullptr) == 0) return;
  if (errno != EINVAL) throw base::sys_error(errno, "make {} a shared mount", dir);
  // Not a mount point yet: bind it onto itself first.
  if (::mount(dir.c_str(), dir.c_str(), "none", MS_BIND | MS_REC, nullptr) < 0) {
    throw base::sys_error(errno, "bind mount {}", dir);
  }
  if (::mount("", dir.c_str(), "none", MS_SHARED | MS_REC, nullptr) < 0) {
    throw base::sys_error(errno, "make {} a shared mount", dir);
  }
}

}  // namespace

void release_named_dir(const std::string& dir) {
  if (::umount2(dir.c_str(), MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT) {
    throw base::sys_error(errno, "unmount {}", dir);
  }
}

Namespace create_named(const std::string& dir, const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
    throw base::error("invalid network namespace name \"{}\"", name);
  }
  std::string path = dir + "/" + name;
  try {
    ensure_shared_mount(dir);
    base::UniqueFd file{::open(path.c_str(), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0)};
    if (!file) throw base::sys_error(errno, "create {}", path);
    file.reset();
    auto undo = base::on_failure([&] { ::unlink(path.c_str()); });
    // unshare() moves only the calling thread, so do it on a throwaway one.
    std::exception_ptr error;
    std::thread worker([&] {
      if (::unshare(CLONE_NEWNET) < 0) {
        error = std::make_exception_ptr(base::sys_error(errno, "unshare network namespace"));
      } else if (::mount("/proc/thread-self/ns/net", path.c_str(), "none", MS_BIND, nullptr) < 0) {
        error = std::make_exception_ptr(base::sys_error(errno, "bind mount on {}", path));
      }
    });
    worker.join();
    if (error) std::rethrow_exception(error);
    Namespace ns = Namespace::open(path);
    undo.dismiss();
    LOG_DEBUG("netns: created {}", path);
    return ns;
  } catch (base::Error& e) {
    e.wrap("create network namespace {}", name);
    throw;
  }
}

void remove_named(const std::string& dir, const std::string& name) {
  std::string path = dir + "/" + name;
  if (::umount2(path.c_str(), MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT) {
    throw base::sys_error(errno, "unmount network namespace {}", path);
  }
  if (::unlink(path.c_str()) < 0 && errno != ENOENT) {
    throw base::sys_error(errno, "remove network namespace {}", path);
  }
  LOG_DEBUG("netns: removed {}", path);
}

ScopedEnter::ScopedEnter(const Namespace& target) : saved_(Namespace::current()) {
  if (::setns(target.fd(), CLONE_NEWNET) < 0) {
    throw base::sys_error(errno, "enter network namespace {}", target.path());
  }
}

ScopedEnter::~ScopedEnter() {
  if (::setns(saved_.fd(), CLONE_NEWNET) < 0) {
    // A thread left in the wrong namespace would misroute everything after.
    LOG_ERROR("cannot return to network namespace {}: {}", saved_.path(), std::strerror(errno));
    std::abort();
  }
}

}  // namespace netns
