// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/attach_socket.cc: bind and connect through the run dir's fd.
#include "monitor/attach_socket.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/error.h"

namespace monitor {

namespace {

constexpr const char* kName = "attach";

struct Address {
  base::UniqueFd dir;
  sockaddr_un addr{};
  explicit Address(const std::string& run_dir) {
    dir.reset(::open(run_dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!dir) throw base::sys_error(errno, "open {}", run_dir);
    addr.sun_family = AF_UNIX;
    std::string path = fmt::format("/proc/self/fd/{}/{}", dir.get(), kName);
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  }
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&addr); }
};

}  // namespace

base::UniqueFd listen_attach(const std::string& run_dir) {
  Address a(run_dir);
  ::unlinkat(a.dir.get(), kName, 0);
  base::UniqueFd fd{::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)};
  if (!fd) throw base::sys_error(errno, "create the attach socket");
  if (::bind(fd.get(), a.get(), sizeof a.addr) < 0) throw base::sys_error(errno, "bind {}/{}", run_dir, kName);
  if (::listen(fd.get(), 8) < 0) throw base::sys_error(errno, "listen on {}/{}", run_dir, kName);
  return fd;
}

base::UniqueFd connect_attach(const std::string& run_dir) {
  Address a(run_dir);
  base::UniqueFd fd{::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)};
  if (!fd) throw base::sys_error(errno, "create a socket");
  if (::connect(fd.get(), a.get(), sizeof a.addr) < 0) throw base::sys_error(errno, "connect to {}/{}", run_dir, kName);
  return fd;
}

}  // namespace monitor
