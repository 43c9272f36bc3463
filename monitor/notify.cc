// SPDX-License-Identifier: GPL-2.0-or-later
// monitor/notify.cc: systemd's notify socket, and the container's.
#include "monitor/notify.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"

namespace monitor {

namespace {

// A unix address for `path` ("@name": the abstract namespace); false
// when it does not fit.
bool unix_address(const std::string& path, sockaddr_un& a, socklen_t& len) {
  a = {};
  a.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof a.sun_path) return false;
  std::memcpy(a.sun_path, path.data(), path.size());
  if (path[0] == '@') a.sun_path[0] = '\0';
  len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + (path[0] == '@' ? 0 : 1));
  return true;
}

}  // namespace

std::optional<Notify> prepare_notify(const config::Settings& settings, const store::ContainerStore& store,
                                     const store::ContainerConfig& cfg) {
  auto host = settings.env.get("NOTIFY_SOCKET");
  if (!host || host->empty() || cfg.infra || cfg.sdnotify == "ignore") return std::nullopt;
  Notify n{*host, {}, {}};
  if (cfg.sdnotify != "container") return n;
  base::ensure_dir(store.run_dir(cfg.id), 0700);
  n.inner_path = store.run_dir(cfg.id) + "/notify.sock";
  ::unlink(n.inner_path.c_str());
  // Bound through the directory's fd: a run dir's path may be longer than
  // a unix address holds.
  base::UniqueFd dir{::open(store.run_dir(cfg.id).c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC)};
  sockaddr_un a;
  socklen_t len;
  n.inner.reset(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  errno = ENAMETOOLONG;
  if (!dir || !n.inner || !unix_address(fmt::format("/proc/self/fd/{}/notify.sock", dir.get()), a, len) ||
      ::bind(n.inner.get(), reinterpret_cast<sockaddr*>(&a), len) < 0) {
    throw base::LaunchError(125, errno, "create the container's notify socket " + n.inner_path);
  }
  ::chmod(n.inner_path.c_str(), 0777);  // for whatever user the container runs as
  return n;
}

void add_notify_socket(const Notify& n, launch::LaunchSpec& spec) {
  if (!n.inner) return;
  spec.bind_files.emplace_back(n.inner_path, kNotifyInside);
  std::erase_if(spec.process.env, [](const std::string& e) { return e.starts_with("NOTIFY_SOCKET="); });
  spec.process.env.push_back(std::string("NOTIFY_SOCKET=") + kNotifyInside);
}

void notify_host(const Notify& n, const std::string& text) {
  sockaddr_un a;
  socklen_t len;
  if (!unix_address(n.host, a, len)) return;
  base::UniqueFd fd{::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)};
  if (fd) (void)!::sendto(fd.get(), text.data(), text.size(), MSG_NOSIGNAL, reinterpret_cast<sockaddr*>(&a), len);
}

void relay_notify(Relay& relay, const Notify& n) {
  if (!n.inner) return;
  relay.notify = n.inner.get();
  relay.on_notify = [&n] {
    char buf[4096];
    ssize_t got;
    while ((got = ::recv(n.inner.get(), buf, sizeof buf, 0)) > 0) notify_host(n, std::string(buf, static_cast<size_t>(got)));
  };
}

}  // namespace monitor
