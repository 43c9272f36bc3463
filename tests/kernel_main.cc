// SPDX-License-Identifier: GPL-2.0-or-later
// tests/kernel_main.cc: main for the [netns] tests. Before any test runs,
// the process moves into a fresh network and mount namespace (and a user
// namespace when not root) that plays the host, so nothing a test does can
// reach the machine's own interfaces, routes, nftables or mount table, and
// all of it vanishes with the process even if a test crashes.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

bool write_text(const char* path, const std::string& text) {
  int fd = ::open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  return ok;
}

// Returns an empty string on success, else why the host could not be made.
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

}  // namespace

int main(int argc, char** argv) {
  // Plugins we exec may close their stdin early (as warren itself does).
  ::signal(SIGPIPE, SIG_IGN);
  std::string why = enter_throwaway_host();
  if (!why.empty()) {
    std::fprintf(stderr, "cannot make a throwaway host namespace (%s)\n", why.c_str());
    // In CI nothing may skip: a missing capability there is a failure.
    return std::getenv("CI") ? 1 : 77;
  }
  return Catch::Session().run(argc, argv);
}
