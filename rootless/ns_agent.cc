// SPDX-License-Identifier: GPL-2.0-or-later
// rootless/ns_agent.cc: the agent's setns, tap, and socket requests.
#include "rootless/ns_agent.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/error.h"
#include "base/fd_passing.h"
#include "netns/addr.h"
#include "netns/ip.h"
#include "netns/link.h"
#include "netns/netlink.h"
#include "netns/route.h"
#include "netns/rule.h"
#include "netns/tun.h"
#include "rootless/agent_protocol.h"

namespace rootless {

namespace {

void configure(const TapConfig& cfg, netns::Tap& tap) {
  netns::Netlink nl = netns::Netlink::open();
  netns::set_link_up(nl, "lo");
  netns::set_mtu(nl, tap.name, cfg.mtu);
  auto cidr = netns::Cidr::parse(cfg.address);
  auto gw = netns::IpAddress::parse(cfg.gateway);
  if (!cidr || !gw) throw base::error("bad tap address {} or gateway {}", cfg.address, cfg.gateway);
  int index = netns::get_link(nl, tap.name).index;
  netns::add_address(nl, index, *cidr, true);
  netns::set_link_up(nl, tap.name);
  netns::add_route(nl, netns::default_route(*gw, index));
  if (!cfg.address6.empty()) {
    auto cidr6 = netns::Cidr::parse(cfg.address6);
    auto gw6 = netns::IpAddress::parse(cfg.gateway6);
    if (!cidr6 || !gw6) throw base::error("bad tap address {} or gateway {}", cfg.address6, cfg.gateway6);
    netns::add_address(nl, index, *cidr6, true);
    netns::add_route(nl, netns::default_route(*gw6, index));
  }
  if (cfg.published.empty()) return;
  constexpr uint32_t kTable = 100;
  netns::add_local_table(nl, AF_INET, kTable, netns::get_link(nl, "lo").index);
  // A UDP server bound to no address answers from whatever address the
  // route gives: its replies are caught by port alone.
  std::vector<TapConfig::Ports> added;  // one rule for a port published twice (two host ports, one server)
  for (const auto& p : cfg.published) {
    auto same = [&](const TapConfig::Ports& q) { return q.ipproto == p.ipproto && q.first == p.first && q.last == p.last; };
    if (std::any_of(added.begin(), added.end(), same)) continue;
    added.push_back(p);
    netns::add_rule(nl, {cidr->addr(), p.ipproto == IPPROTO_UDP, p.ipproto, p.first, p.last, kTable, 100});
  }
}

// The agent's life: into the namespaces, the tap, then warren-agent for
// the requests until the monitor closes its end.
[[noreturn]] void agent(pid_t target, const TapConfig& cfg, int sock, int program) {
  auto fail = [&](const std::string& what) {
    std::string msg = "E" + what;
    ssize_t ignored = ::write(sock, msg.data(), msg.size());
    (void)ignored;
    ::_exit(1);
  };
  for (const char* ns : {"user", "net"}) {
    std::string theirs = fmt::format("/proc/{}/ns/{}", target, ns), mine = fmt::format("/proc/self/ns/{}", ns);
    char a[64] = {}, b[64] = {};
    // Root's containers share its user namespace: nothing to join there.
    if (::readlink(theirs.c_str(), a, sizeof a - 1) > 0 && ::readlink(mine.c_str(), b, sizeof b - 1) > 0 &&
        std::strcmp(a, b) == 0) {
      continue;
    }
    base::UniqueFd fd{::open(theirs.c_str(), O_RDONLY | O_CLOEXEC)};
    if (!fd || ::setns(fd.get(), 0) < 0) fail(fmt::format("join the container's {} namespace: {}", ns, std::strerror(errno)));
  }
  netns::Tap tap;
  try {
    tap = netns::create_tap(cfg.name);
    configure(cfg, tap);
  } catch (const std::exception& e) {
    std::string why = e.what();
    if (why.find("Permission denied") != std::string::npos || why.find("Operation not permitted") != std::string::npos) {
      why += fmt::format(" (let users open it: chmod 0666 {})", netns::kTunDevice);
    }
    fail(why);
  }
  if (!base::send_fd(sock, tap.fd.get())) ::_exit(1);
  tap.fd.reset();
  // No published port: no socket will ever be asked for.
  if (cfg.published.empty()) ::_exit(0);
  // The rest of its life is warren-agent's: the same namespaces, a
  // program of a few pages instead of this copy of the monitor.
  char arg0[] = "warren-agent";
  char* argv[] = {arg0, nullptr};
  char* envp[] = {nullptr};
  ::syscall(SYS_execveat, program, "", argv, envp, AT_EMPTY_PATH);
  ::_exit(127);
}

}  // namespace

NsAgent NsAgent::start(pid_t pid, const TapConfig& cfg, const std::string& program) {
  base::UniqueFd exe{::open(program.c_str(), O_PATH | O_CLOEXEC)};
  if (!exe) throw base::sys_error(errno, "open {}", program);
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0) throw base::sys_error(errno, "create a socket pair");
  base::UniqueFd mine(fds[0]), theirs(fds[1]);
  pid_t child = ::fork();
  if (child < 0) throw base::sys_error(errno, "fork the network agent");
  if (child == 0) {
    // Nothing of the monitor's stays open here (the container's output
    // pipes would never see their end): the socket alone, as fd 3.
    int null = ::open("/dev/null", O_RDWR);
    for (int fd : {0, 1, 2}) ::dup2(null, fd);
    ::dup2(theirs.get(), 3);
    ::dup2(exe.get(), 4);
    ::syscall(SYS_close_range, 5, ~0U, 0);
    agent(pid, cfg, 3, 4);
  }
  theirs.reset();
  NsAgent a(child, std::move(mine), {});
  // One byte with the tap's descriptor, or an error text.
  char peek = 0;
  if (::recv(a.sock_.get(), &peek, 1, MSG_PEEK) == 1 && peek == 'E') {
    char msg[512] = {};
    ssize_t n = ::read(a.sock_.get(), msg, sizeof msg - 1);
    throw base::error("rootless network: {}", std::string(msg + 1, n > 1 ? static_cast<size_t>(n - 1) : 0));
  }
  a.tap_ = base::receive_fd(a.sock_.get());
  if (!a.tap_) throw base::error("rootless network: the agent ended before it made the tap");
  if (cfg.published.empty()) {
    // Its work is done and it is ending: reaped now, not left a zombie.
    int status;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    a.pid_ = 0;
  }
  return a;
}

NsAgent::NsAgent(NsAgent&& o) noexcept : pid_(o.pid_), sock_(std::move(o.sock_)), tap_(std::move(o.tap_)) { o.pid_ = 0; }

NsAgent& NsAgent::operator=(NsAgent&& o) noexcept {
  std::swap(pid_, o.pid_);
  std::swap(sock_, o.sock_);
  std::swap(tap_, o.tap_);
  return *this;
}

NsAgent::~NsAgent() {
  if (pid_ <= 0) return;
  sock_.reset();  // the agent reads EOF and ends
  int status;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

base::UniqueFd NsAgent::connect(int type, const sockaddr_storage& to, const sockaddr_storage* source) {
  AgentRequest r{type, to, {}, source != nullptr};
  if (source) r.source = *source;
  if (::write(sock_.get(), &r, sizeof r) != static_cast<ssize_t>(sizeof r)) throw base::sys_error(errno, "ask the network agent");
  char peek = 0;
  if (::recv(sock_.get(), &peek, 1, MSG_PEEK) <= 0) throw base::error("the network agent ended");
  if (peek == 'F') {
    char failed[1 + sizeof(int)];
    if (::recv(sock_.get(), failed, sizeof failed, MSG_WAITALL) != static_cast<ssize_t>(sizeof failed)) {
      throw base::error("the network agent ended");
    }
    int err;
    std::memcpy(&err, failed + 1, sizeof err);
    throw base::sys_error(err, "connect inside the container");
  }
  base::UniqueFd fd = base::receive_fd(sock_.get());
  if (!fd) throw base::error("the network agent ended");
  return fd;
}

}  // namespace rootless
