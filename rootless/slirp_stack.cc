// SPDX-License-Identifier: GPL-2.0-or-later
// rootless/slirp_stack.cc: libslirp by dlopen, its poll loop, its timers.
#include "rootless/slirp_stack.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <dlfcn.h>
#include <poll.h>
#include <slirp/libslirp.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <fcntl.h>

#include <algorithm>
#include <cstring>
#include <chrono>
#include <mutex>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "netns/addr.h"
#include "netns/ip.h"
#include "netns/link.h"
#include "netns/netlink.h"

namespace rootless {

namespace {

struct SlirpLib {
  decltype(&::slirp_new) create;
  decltype(&::slirp_cleanup) cleanup;
  decltype(&::slirp_pollfds_fill) fill;
  decltype(&::slirp_pollfds_poll) poll;
  decltype(&::slirp_input) input;
};

const SlirpLib& slirp_lib() {
  static SlirpLib lib{};
  static std::once_flag once;
  static std::string error;
  std::call_once(once, [] {
    void* h = ::dlopen("libslirp.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      error = fmt::format("load libslirp.so.0 (Debian's libslirp0) for rootless networking: {}", ::dlerror());
      return;
    }
    auto sym = [&](auto& fn, const char* name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(::dlsym(h, name));
      if (!fn) error = fmt::format("libslirp: no {}", name);
    };
    sym(lib.create, "slirp_new");
    sym(lib.cleanup, "slirp_cleanup");
    sym(lib.fill, "slirp_pollfds_fill");
    sym(lib.poll, "slirp_pollfds_poll");
    sym(lib.input, "slirp_input");
  });
  if (!error.empty()) throw base::error("{}", error);
  return lib;
}

bool truthy(const std::string& v, const std::string& key) {
  if (v == "true") return true;
  if (v == "false") return false;
  throw base::error("invalid value of {} for slirp4netns: {}", key, v);
}

in_addr v4(const netns::IpAddress& a) {
  in_addr out;
  std::memcpy(&out, a.data(), 4);
  return out;
}

uint32_t mask(int prefix) { return prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix); }

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// outbound_addr= as Podman takes it: an IPv4 address, or an interface
// (then its first IPv4 address, looked up now).
std::string outbound_address(const std::string& value) {
  auto ip = netns::IpAddress::parse(value);
  if (ip && ip->is_v4()) return value;
  if (!ip && !value.empty() && value.size() < IFNAMSIZ && value.find('/') == std::string::npos) {
    netns::Netlink nl = netns::Netlink::open();
    if (auto link = netns::find_link(nl, value)) {
      for (const auto& a : netns::list_addresses(nl, link->index, AF_INET)) return a.cidr.addr().str();
      throw base::error("invalid outbound_addr for slirp4netns: interface {} has no IPv4 address", value);
    }
  }
  throw base::error("invalid outbound_addr for slirp4netns: {} is neither an IPv4 address nor an interface", value);
}

}  // namespace

SlirpOptions parse_slirp_options(const std::string& text) {
  SlirpOptions o;
  size_t at = 0;
  while (at < text.size()) {
    size_t comma = text.find(',', at);
    std::string opt = text.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    at = comma == std::string::npos ? text.size() : comma + 1;
    auto eq = opt.find('=');
    std::string key = opt.substr(0, eq), value = eq == std::string::npos ? "" : opt.substr(eq + 1);
    if (key == "allow_host_loopback") o.allow_host_loopback = truthy(value, key);
    else if (key == "enable_ipv6") o.enable_ipv6 = truthy(value, key);
    else if (key == "outbound_addr") o.outbound_addr = outbound_address(value);
    else if (key == "port_handler" && (value == "rootlesskit" || value == "slirp4netns")) continue;
    else if (key == "mtu") {
      try {
        o.mtu = static_cast<unsigned>(std::stoul(value));
      } catch (const std::exception&) {
        throw base::error("invalid value of mtu for slirp4netns: {}", value);
      }
      if (o.mtu < 68 || o.mtu > 65520) throw base::error("invalid value of mtu for slirp4netns: {}", value);
    } else if (key == "cidr") {
      auto c = netns::Cidr::parse(value);
      if (!c || !c->addr().is_v4() || c->prefix() > 25) throw base::error("invalid cidr for slirp4netns: {}", value);
      o.cidr = value;
    } else {
      throw base::error("unknown option for slirp4netns: \"{}\"", opt);
    }
  }
  return o;
}

SlirpAddresses slirp_addresses(const SlirpOptions& o) {
  auto c = *netns::Cidr::parse(o.cidr);
  uint32_t net = ntohl(v4(c.addr()).s_addr) & mask(c.prefix());
  auto at = [&](uint32_t host) {
    in_addr a{htonl(net + host)};
    char text[INET_ADDRSTRLEN];
    return std::string(::inet_ntop(AF_INET, &a, text, sizeof text));
  };
  return {fmt::format("{}/{}", at(100), c.prefix()), at(2), at(3)};
}

struct Timer {
  SlirpTimerCb cb;
  void* opaque;
  int64_t expire = -1;
};

struct SlirpStack::State {
  base::UniqueFd tap, wake;
  Slirp* slirp = nullptr;
  std::vector<pollfd> fds;
  std::vector<std::unique_ptr<Timer>> timers;
  bool stop = false;
  // libslirp keeps a pointer to it, not a copy: it lives as long as the stack.
  sockaddr_in outbound{};
};

namespace {

using State = SlirpStack::State;

ssize_t send_packet(const void* buf, size_t len, void* opaque) {
  auto* s = static_cast<State*>(opaque);
  return ::write(s->tap.get(), buf, len);
}
void guest_error(const char*, void*) {}
int64_t clock_ns(void*) { return now_ms() * 1000000; }
void* timer_new(SlirpTimerCb cb, void* cb_opaque, void* opaque) {
  auto* s = static_cast<State*>(opaque);
  s->timers.push_back(std::make_unique<Timer>(Timer{cb, cb_opaque, -1}));
  return s->timers.back().get();
}
void timer_free(void* timer, void* opaque) {
  auto* s = static_cast<State*>(opaque);
  std::erase_if(s->timers, [&](const auto& t) { return t.get() == timer; });
}
void timer_mod(void* timer, int64_t expire, void*) { static_cast<Timer*>(timer)->expire = expire; }
void register_fd(int, void*) {}
void unregister_fd(int, void*) {}
void notify(void*) {}

int add_poll(int fd, int events, void* opaque) {
  auto* s = static_cast<State*>(opaque);
  short ev = 0;
  if (events & SLIRP_POLL_IN) ev |= POLLIN;
  if (events & SLIRP_POLL_OUT) ev |= POLLOUT;
  if (events & SLIRP_POLL_PRI) ev |= POLLPRI;
  s->fds.push_back({fd, ev, 0});
  return static_cast<int>(s->fds.size() - 1);
}

int get_revents(int idx, void* opaque) {
  auto* s = static_cast<State*>(opaque);
  short re = s->fds[static_cast<size_t>(idx)].revents;
  int out = 0;
  if (re & POLLIN) out |= SLIRP_POLL_IN;
  if (re & POLLOUT) out |= SLIRP_POLL_OUT;
  if (re & POLLPRI) out |= SLIRP_POLL_PRI;
  if (re & POLLERR) out |= SLIRP_POLL_ERR;
  if (re & POLLHUP) out |= SLIRP_POLL_HUP;
  return out;
}

const SlirpCb kCallbacks = {send_packet, guest_error, clock_ns, timer_new, timer_free, timer_mod,
                            register_fd, unregister_fd, notify, nullptr, nullptr};

// The thread: the tap's frames into the stack, its sockets and timers.
void run(State* s) {
  const SlirpLib& lib = slirp_lib();
  // Not zeroed: only what a read fills is ever touched.
  std::unique_ptr<uint8_t[]> frame(new uint8_t[65536 + 64]);
  constexpr size_t kFrame = 65536 + 64;
  while (!s->stop) {
    s->fds.clear();
    s->fds.push_back({s->tap.get(), POLLIN, 0});
    s->fds.push_back({s->wake.get(), POLLIN, 0});
    uint32_t timeout = 1000;
    lib.fill(s->slirp, &timeout, add_poll, s);
    int64_t now = now_ms();
    for (const auto& t : s->timers) {
      if (t->expire >= 0) timeout = static_cast<uint32_t>(std::clamp<int64_t>(t->expire - now, 0, timeout));
    }
    int n = ::poll(s->fds.data(), s->fds.size(), static_cast<int>(timeout));
    if (s->fds[1].revents) break;
    // The stack's sockets first: this also sets the stack's clock, which
    // the frames' new sockets take their expiry from (before the first
    // poll it is 0, and a socket made then was expired at once: the first
    // ping or datagram of a container just started went unanswered).
    lib.poll(s->slirp, n < 0, get_revents, s);
    if (n > 0 && (s->fds[0].revents & POLLIN)) {
      for (int i = 0; i < 64; ++i) {
        ssize_t len = ::read(s->tap.get(), frame.get(), kFrame);
        if (len <= 0) break;
        lib.input(s->slirp, frame.get(), static_cast<int>(len));
      }
    }
    now = now_ms();
    for (size_t i = 0; i < s->timers.size(); ++i) {
      Timer* t = s->timers[i].get();
      if (t->expire < 0 || t->expire > now) continue;
      t->expire = -1;
      t->cb(t->opaque);  // may free or add timers
    }
  }
}

}  // namespace

SlirpStack::SlirpStack(base::UniqueFd tap, const SlirpOptions& o) : state_(std::make_unique<State>()) {
  const SlirpLib& lib = slirp_lib();
  state_->tap = std::move(tap);
  int flags = ::fcntl(state_->tap.get(), F_GETFL);
  ::fcntl(state_->tap.get(), F_SETFL, flags | O_NONBLOCK);
  state_->wake.reset(::eventfd(0, EFD_CLOEXEC));
  if (!state_->wake) throw base::sys_error(errno, "create an eventfd");
  auto a = slirp_addresses(o);
  auto cidr = *netns::Cidr::parse(o.cidr);
  SlirpConfig cfg{};
  cfg.version = 4;
  cfg.in_enabled = true;
  cfg.vnetwork.s_addr = htonl(ntohl(v4(cidr.addr()).s_addr) & mask(cidr.prefix()));
  cfg.vnetmask.s_addr = htonl(mask(cidr.prefix()));
  ::inet_pton(AF_INET, a.gateway.c_str(), &cfg.vhost);
  ::inet_pton(AF_INET, a.dns.c_str(), &cfg.vnameserver);
  ::inet_pton(AF_INET, "10.0.2.15", &cfg.vdhcp_start);
  cfg.vdhcp_start.s_addr = htonl(ntohl(cfg.vnetwork.s_addr) + 15);
  cfg.in6_enabled = o.enable_ipv6;
  ::inet_pton(AF_INET6, "fd00::", &cfg.vprefix_addr6);
  cfg.vprefix_len = 64;
  ::inet_pton(AF_INET6, "fd00::2", &cfg.vhost6);
  ::inet_pton(AF_INET6, "fd00::3", &cfg.vnameserver6);
  cfg.if_mtu = o.mtu;
  cfg.if_mru = o.mtu;
  cfg.disable_host_loopback = !o.allow_host_loopback;
  if (!o.outbound_addr.empty()) {
    sockaddr_in& outbound = state_->outbound;
    outbound.sin_family = AF_INET;
    if (::inet_pton(AF_INET, o.outbound_addr.c_str(), &outbound.sin_addr) != 1) {
      throw base::error("invalid outbound_addr for slirp4netns: {}", o.outbound_addr);
    }
    cfg.outbound_addr = &outbound;
  }
  cfg.disable_dhcp = true;
  state_->slirp = lib.create(&cfg, &kCallbacks, state_.get());
  if (!state_->slirp) throw base::error("libslirp refused the network {}", o.cidr);
  thread_ = std::thread(run, state_.get());
}

SlirpStack::~SlirpStack() {
  uint64_t one = 1;
  ssize_t ignored = ::write(state_->wake.get(), &one, sizeof one);
  (void)ignored;
  if (thread_.joinable()) thread_.join();
  if (state_->slirp) slirp_lib().cleanup(state_->slirp);
  // Closing the tap removes its device, which waits for the kernel's
  // network stack (tens of milliseconds): left to this process's end (the
  // monitor's, once the container's end is reported), when it is closed
  // with everything else.
  int tap = state_->tap.release();
  (void)tap;
}

}  // namespace rootless
