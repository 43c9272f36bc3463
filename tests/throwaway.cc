// SPDX-License-Identifier: GPL-2.0-or-later
// tests/throwaway.cc: unshare into a throwaway host.
#include "tests/throwaway.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace testing {

namespace {

bool write_text(const char* path, const std::string& text) {
  int fd = ::open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  return ok;
}

}  // namespace

std::string enter_throwaway_host() {
  uid_t uid = ::geteuid();
  gid_t gid = ::getegid();
  int flags = CLONE_NEWNET | CLONE_NEWNS;
  if (uid != 0) flags |= CLONE_NEWUSER;
  if (::unshare(flags) < 0) return std::string("unshare: ") + std::strerror(errno);
  if (uid != 0) {
    write_text("/proc/self/setgroups", "deny");
    if (!write_text("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1") ||
        !write_text("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1")) {
      return std::string("map root in the user namespace: ") + std::strerror(errno);
    }
  }
  // Mounts made by tests (named namespaces) must not reach the real host.
  if (::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0) {
    return std::string("make / private: ") + std::strerror(errno);
  }
  return {};
}

}  // namespace testing
