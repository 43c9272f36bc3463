// SPDX-License-Identifier: GPL-2.0-or-later
// rootless/probe.cc: real attempts, not guesses from config files: a child
// unshares a user namespace, and /dev/net/tun is opened.
#include "rootless/probe.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/error.h"
#include "base/fd.h"
#include "base/file.h"
#include "netns/tun.h"

namespace rootless {

namespace {

std::string trimmed(const std::string& path) {
  auto v = base::read_file(path);
  if (!v) return {};
  std::string s = *v;
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

Capability probe_user_namespaces() {
  pid_t pid = ::fork();
  if (pid < 0) return {false, fmt::format("fork: {}", std::strerror(errno))};
  if (pid == 0) {
    // The child's namespace dies with it; only the outcome travels back.
    ::_exit(::unshare(CLONE_NEWUSER) == 0 ? 0 : (errno & 0x7f) + 1);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {true, {}};
  int err = WIFEXITED(status) ? WEXITSTATUS(status) - 1 : EINTR;
  std::string limit = trimmed("/proc/sys/user/max_user_namespaces");
  if (limit == "0") return {false, "user namespaces are disabled: sysctl user.max_user_namespaces is 0"};
  if (err == ENOSPC) {
    return {false, fmt::format("the limit on user namespaces is reached: sysctl user.max_user_namespaces is {}", limit)};
  }
  if (trimmed("/proc/sys/kernel/unprivileged_userns_clone") == "0") {
    return {false, "user namespaces are disabled for regular users: "
                   "sysctl kernel.unprivileged_userns_clone is 0"};
  }
  return {false, fmt::format("cannot create a user namespace: {}", std::strerror(err))};
}

Capability probe_tun() {
  base::UniqueFd fd{::open(netns::kTunDevice, O_RDWR | O_CLOEXEC)};
  if (fd) return {true, {}};
  int err = errno;
  if (err == ENOENT || err == ENODEV || err == ENXIO) {
    return {false, fmt::format("{}: {} (load the tun module: modprobe tun)", netns::kTunDevice,
                               std::strerror(err))};
  }
  if (err == EACCES || err == EPERM) {
    return {false, fmt::format("{}: {} (let users open it: chmod 0666 {})", netns::kTunDevice,
                               std::strerror(err), netns::kTunDevice)};
  }
  return {false, fmt::format("{}: {}", netns::kTunDevice, std::strerror(err))};
}

}  // namespace rootless
