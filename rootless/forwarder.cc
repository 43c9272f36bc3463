// SPDX-License-Identifier: GPL-2.0-or-later
// rootless/forwarder.cc: accept, the inner socket, splice, UDP flows.
#include "rootless/forwarder.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <list>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "base/error.h"

namespace rootless {

namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kDatagram = 65536;
// UDP flows (one inner socket per client address and port) at most: past
// it the flow idle longest goes, so that clients sending from ever new
// ports cannot pile up sockets for the 60 s a flow is kept.
constexpr size_t kMaxFlows = 512;

// One direction of a connection: bytes from `from` to `to` through a pipe.
struct Half {
  int from, to;
  base::UniqueFd pipe_r, pipe_w;
  size_t queued = 0;     // in the pipe
  size_t capacity = 65536;
  bool eof = false;      // `from` ended; `to` is shut for writing once the pipe is empty
  bool done = false;
  // What to wait for: to read while there is room, to write while there
  // is something queued. (Asking to read with a full pipe would wake the
  // thread at once, again and again, while the receiver catches up.)
  bool wants_read() const { return !done && !eof && queued < capacity; }
  bool wants_write() const { return !done && queued > 0; }
};

struct Connection {
  base::UniqueFd outer, inner;
  bool connected = false;
  Half up, down;  // client to server, server to client
};

struct Flow {  // a UDP client of a published port
  sockaddr_storage client;
  socklen_t client_len;
  int host;    // the port's socket, replies go out through it
  base::UniqueFd inner;
  sockaddr_storage server;  // where the inner socket sends
  Clock::time_point last;
};

// A pipe as large as a user may make one (1 MB by default): fewer splices
// per megabyte moved.
constexpr size_t kPipe = 1 << 20;

bool make_pipe(Half& h) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0) return false;
  h.pipe_r.reset(fds[0]);
  h.pipe_w.reset(fds[1]);
  h.capacity = static_cast<size_t>(std::max(::fcntl(fds[1], F_SETPIPE_SZ, static_cast<int>(kPipe)), 65536));
  return true;
}

// Moves what it can; false when the connection is to be reset.
bool pump(Half& h) {
  while (!h.done) {
    if (!h.eof && h.queued < h.capacity) {
      ssize_t n = ::splice(h.from, nullptr, h.pipe_w.get(), nullptr, h.capacity - h.queued, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
      if (n > 0) h.queued += static_cast<size_t>(n);
      else if (n == 0) h.eof = true;
      else if (errno != EAGAIN) return false;
    }
    if (h.queued > 0) {
      ssize_t n = ::splice(h.pipe_r.get(), nullptr, h.to, nullptr, h.queued, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
      if (n > 0) {
        h.queued -= static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno != EAGAIN) return false;
    }
    if (h.eof && h.queued == 0) {
      ::shutdown(h.to, SHUT_WR);  // the half-close goes on
      h.done = true;
    }
    return true;
  }
  return true;
}

// The address the server is to see for `client`: its own, the host's
// loopback as the container's, or (an IPv6 client of an IPv4-only
// container) its loopback; the port is the client's.
std::optional<sockaddr_storage> inner_source(const sockaddr_storage& client) {
  sockaddr_storage out{};
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
  v4->sin_family = AF_INET;
  if (client.ss_family == AF_INET) {
    const auto* c = reinterpret_cast<const sockaddr_in*>(&client);
    *v4 = *c;
    return out;
  }
  const auto* c6 = reinterpret_cast<const sockaddr_in6*>(&client);
  v4->sin_port = c6->sin6_port;
  if (IN6_IS_ADDR_V4MAPPED(&c6->sin6_addr)) {
    std::memcpy(&v4->sin_addr, c6->sin6_addr.s6_addr + 12, 4);
  } else {
    v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  }
  return out;
}

void reset(int fd) {
  linger l{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

}  // namespace

struct Forwarder::State {
  std::vector<ForwardedPort> ports;
  Connector connect;
  std::string container_ip;
  base::UniqueFd wake;
  std::list<Connection> conns;
  std::list<Flow> flows;
  // Not zeroed: only what a datagram fills is ever touched.
  std::unique_ptr<uint8_t[]> datagram_buffer{new uint8_t[kDatagram]};

  sockaddr_storage target(uint16_t port) const {
    sockaddr_storage to{};
    auto* a = reinterpret_cast<sockaddr_in*>(&to);
    auto* a6 = reinterpret_cast<sockaddr_in6*>(&to);
    if (::inet_pton(AF_INET, container_ip.c_str(), &a->sin_addr) == 1) {
      a->sin_family = AF_INET;
      a->sin_port = htons(port);
    } else {
      ::inet_pton(AF_INET6, container_ip.c_str(), &a6->sin6_addr);
      a6->sin6_family = AF_INET6;
      a6->sin6_port = htons(port);
    }
    return to;
  }
  void accept_one(const ForwardedPort& p);
  void datagram(const ForwardedPort& p);
  void run();
};

void Forwarder::State::accept_one(const ForwardedPort& p) {
  sockaddr_storage client{};
  socklen_t len = sizeof client;
  base::UniqueFd outer{::accept4(p.host.get(), reinterpret_cast<sockaddr*>(&client), &len, SOCK_CLOEXEC | SOCK_NONBLOCK)};
  if (!outer) return;
  auto source = inner_source(client);
  try {
    Connection c;
    c.inner = connect(SOCK_STREAM, target(p.container_port), source ? &*source : nullptr);
    c.outer = std::move(outer);
    if (!make_pipe(c.up) || !make_pipe(c.down)) return;
    c.up.from = c.outer.get();
    c.up.to = c.inner.get();
    c.down.from = c.inner.get();
    c.down.to = c.outer.get();
    conns.push_back(std::move(c));
  } catch (const base::Error&) {
    reset(outer.get());  // nothing inside to reach: the client sees a reset
  }
}

void Forwarder::State::datagram(const ForwardedPort& p) {
  uint8_t* buf = datagram_buffer.get();
  sockaddr_storage client{};
  socklen_t len = sizeof client;
  ssize_t n = ::recvfrom(p.host.get(), buf, kDatagram, MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&client), &len);
  if (n < 0) return;
  Flow* flow = nullptr;
  for (auto& f : flows) {
    if (f.host == p.host.get() && f.client_len == len && std::memcmp(&f.client, &client, len) == 0) flow = &f;
  }
  if (!flow) {
    if (flows.size() >= kMaxFlows) {
      flows.erase(std::min_element(flows.begin(), flows.end(), [](const Flow& a, const Flow& b) { return a.last < b.last; }));
    }
    auto source = inner_source(client);
    try {
      sockaddr_storage to = target(p.container_port);
      flows.push_back({client, len, p.host.get(), connect(SOCK_DGRAM, to, source ? &*source : nullptr), to, {}});
    } catch (const base::Error&) {
      return;
    }
    flow = &flows.back();
  }
  flow->last = Clock::now();
  ssize_t ignored = ::sendto(flow->inner.get(), buf, static_cast<size_t>(n), MSG_DONTWAIT,
                             reinterpret_cast<const sockaddr*>(&flow->server),
                             flow->server.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in));
  (void)ignored;
}

void Forwarder::State::run() {
  for (auto& p : ports) {
    if (!p.udp) ::listen(p.host.get(), 128);  // held listening already, as a rule
    ::fcntl(p.host.get(), F_SETFL, O_NONBLOCK);
  }
  uint8_t* buf = datagram_buffer.get();
  while (true) {
    std::vector<pollfd> fds = {{wake.get(), POLLIN, 0}};
    for (const auto& p : ports) fds.push_back({p.host.get(), POLLIN, 0});
    for (auto& c : conns) {
      // Errors and hang-ups are reported whatever is asked for. Until the
      // inner connect completes, only its end is waited on.
      short outer = c.connected ? static_cast<short>((c.up.wants_read() ? POLLIN : 0) | (c.down.wants_write() ? POLLOUT : 0))
                                : static_cast<short>(0);
      short inner = c.connected ? static_cast<short>((c.down.wants_read() ? POLLIN : 0) | (c.up.wants_write() ? POLLOUT : 0))
                                : static_cast<short>(POLLOUT);
      fds.push_back({c.outer.get(), outer, 0});
      fds.push_back({c.inner.get(), inner, 0});
    }
    for (const auto& f : flows) fds.push_back({f.inner.get(), POLLIN, 0});
    if (::poll(fds.data(), fds.size(), 5000) < 0 && errno != EINTR) return;
    if (fds[0].revents) return;
    // What poll said, by fd: accepting and receiving below add connections
    // and flows that were not polled (they have no events this round), and
    // a flow may be evicted, so positions in `fds` would not line up.
    std::unordered_map<int, short> events;
    for (const auto& p : fds) {
      if (p.revents) events[p.fd] = p.revents;
    }
    auto revents = [&](int fd) -> short {
      auto e = events.find(fd);
      return e == events.end() ? 0 : e->second;
    };
    for (const auto& p : ports) {
      if (revents(p.host.get())) p.udp ? datagram(p) : accept_one(p);
    }
    for (auto it = conns.begin(); it != conns.end();) {
      Connection& c = *it;
      short out_ev = revents(c.outer.get()), in_ev = revents(c.inner.get());
      bool ready = out_ev || in_ev;
      bool refused = false;  // nothing listens inside: the client gets a reset
      if (!c.connected && in_ev) {
        int err = 0;
        socklen_t len = sizeof err;
        ::getsockopt(c.inner.get(), SOL_SOCKET, SO_ERROR, &err, &len);
        c.connected = err == 0;
        refused = err != 0;
      }
      bool ok = !refused && (!c.connected || !ready || (pump(c.up) && pump(c.down)));
      if (!ok) {
        reset(c.outer.get());  // a reset on one side is one on the other
        reset(c.inner.get());
      }
      if (!ok || (c.up.done && c.down.done)) {
        it = conns.erase(it);
      } else {
        ++it;
      }
    }
    auto now = Clock::now();
    for (auto it = flows.begin(); it != flows.end();) {
      if (revents(it->inner.get())) {
        ssize_t n = ::recv(it->inner.get(), buf, kDatagram, MSG_DONTWAIT);
        if (n >= 0) {
          ::sendto(it->host, buf, static_cast<size_t>(n), MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&it->client), it->client_len);
          it->last = now;
        }
      }
      it = now - it->last > std::chrono::seconds(60) ? flows.erase(it) : std::next(it);
    }
  }
}

base::UniqueFd connect_from_host(int type, const sockaddr_storage& to, const sockaddr_storage*) {
  base::UniqueFd fd{::socket(to.ss_family, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)};
  if (!fd) throw base::sys_error(errno, "open a socket to forward with");
  if (type == SOCK_DGRAM) return fd;
  socklen_t len = to.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&to), len) < 0 && errno != EINPROGRESS) {
    throw base::sys_error(errno, "connect to forward");
  }
  return fd;
}

base::UniqueFd connect_keeping_source(int type, const sockaddr_storage& to, const sockaddr_storage* source) {
  bool keep = source && source->ss_family == AF_INET && to.ss_family == AF_INET &&
              (ntohl(reinterpret_cast<const sockaddr_in*>(source)->sin_addr.s_addr) >> 24) != 127;
  if (!keep) return connect_from_host(type, to, nullptr);
  base::UniqueFd fd{::socket(AF_INET, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)};
  if (!fd) throw base::sys_error(errno, "open a socket to forward with");
  int one = 1;
  if (::setsockopt(fd.get(), SOL_IP, IP_TRANSPARENT, &one, sizeof one) < 0 ||
      ::bind(fd.get(), reinterpret_cast<const sockaddr*>(source), sizeof(sockaddr_in)) < 0) {
    return connect_from_host(type, to, nullptr);  // the server sees this namespace's address instead
  }
  if (type == SOCK_DGRAM) return fd;
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&to), sizeof(sockaddr_in)) < 0 && errno != EINPROGRESS) {
    throw base::sys_error(errno, "connect to forward");
  }
  return fd;
}

Forwarder::Forwarder(std::vector<ForwardedPort> ports, NsAgent& agent, const std::string& container_ip)
    : Forwarder(std::move(ports),
                [&agent](int type, const sockaddr_storage& to, const sockaddr_storage* source) {
                  return agent.connect(type, to, source);
                },
                container_ip) {}

Forwarder::Forwarder(std::vector<ForwardedPort> ports, Connector connect, const std::string& container_ip)
    : state_(std::make_unique<State>()) {
  state_->ports = std::move(ports);
  state_->connect = std::move(connect);
  state_->container_ip = container_ip;
  state_->wake.reset(::eventfd(0, EFD_CLOEXEC));
  if (!state_->wake) throw base::sys_error(errno, "create an eventfd");
  thread_ = std::thread([s = state_.get()] { s->run(); });
}

Forwarder::~Forwarder() {
  uint64_t one = 1;
  ssize_t ignored = ::write(state_->wake.get(), &one, sizeof one);
  (void)ignored;
  if (thread_.joinable()) thread_.join();
}

}  // namespace rootless
