// SPDX-License-Identifier: GPL-2.0-or-later
// tests/sockets.cc: the servers and clients.
#include "tests/sockets.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace testing {

namespace {

std::string peer_text(const sockaddr_storage& ss) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(ss).sin_addr, buf, sizeof buf);
  } else {
    const auto& s6 = reinterpret_cast<const sockaddr_in6&>(ss);
    ::inet_ntop(AF_INET6, &s6.sin6_addr, buf, sizeof buf);
    std::string t = buf;
    if (t.starts_with("::ffff:")) return t.substr(7);  // a v4 client on a dual-stack socket
  }
  return buf;
}

sockaddr_storage address(const std::string& ip, uint16_t port, socklen_t& len) {
  sockaddr_storage ss{};
  auto* s4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* s6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (::inet_pton(AF_INET, ip.c_str(), &s4->sin_addr) == 1) {
    s4->sin_family = AF_INET;
    s4->sin_port = htons(port);
    len = sizeof *s4;
  } else if (::inet_pton(AF_INET6, ip.c_str(), &s6->sin6_addr) == 1) {
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons(port);
    len = sizeof *s6;
  } else {
    throw std::runtime_error("bad address " + ip);
  }
  return ss;
}

base::UniqueFd make_socket(const netns::Namespace* ns, int family, int type) {
  auto open = [&] { return base::UniqueFd{::socket(family, type | SOCK_CLOEXEC, 0)}; };
  base::UniqueFd fd = ns ? netns::run_in(*ns, open) : open();
  if (!fd) throw std::runtime_error("socket failed");
  return fd;
}

bool wait_for(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  return ::poll(&p, 1, timeout_ms) == 1 && (p.revents & events);
}

}  // namespace

Server::Server(const netns::Namespace& ns, uint16_t port, bool udp) : udp_(udp) {
  fd_ = make_socket(&ns, AF_INET6, udp ? SOCK_DGRAM : SOCK_STREAM);
  int zero = 0, one = 1;
  ::setsockopt(fd_.get(), IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
  ::setsockopt(fd_.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in6 a{};
  a.sin6_family = AF_INET6;
  a.sin6_port = htons(port);
  a.sin6_addr = in6addr_any;
  if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) < 0) throw std::runtime_error("bind failed");
  if (!udp && ::listen(fd_.get(), 16) < 0) throw std::runtime_error("listen failed");
  thread_ = std::thread([this] { serve(); });
}

Server::~Server() {
  stop_ = true;
  thread_.join();
}

void Server::serve() {
  while (!stop_) {
    if (!wait_for(fd_.get(), POLLIN, 100)) continue;
    sockaddr_storage peer{};
    socklen_t len = sizeof peer;
    if (udp_) {
      char buf[512];
      ssize_t n = ::recvfrom(fd_.get(), buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&peer), &len);
      if (n < 0) continue;
      std::string reply = "peer=" + peer_text(peer);
      ::sendto(fd_.get(), reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&peer), len);
    } else {
      base::UniqueFd c{::accept4(fd_.get(), reinterpret_cast<sockaddr*>(&peer), &len, SOCK_CLOEXEC)};
      if (!c) continue;
      std::string reply = "peer=" + peer_text(peer);
      ssize_t ignored = ::write(c.get(), reply.data(), reply.size());
      (void)ignored;
    }
  }
}

std::optional<std::string> tcp_request(const netns::Namespace* ns, const std::string& ip, uint16_t port, int timeout_ms,
                                       const std::string& bind_ip) {
  socklen_t len = 0;
  sockaddr_storage to = address(ip, port, len);
  base::UniqueFd fd = make_socket(ns, to.ss_family, SOCK_STREAM);
  if (!bind_ip.empty()) {
    socklen_t blen = 0;
    sockaddr_storage from = address(bind_ip, 0, blen);
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&from), blen) < 0) return std::nullopt;
  }
  ::fcntl(fd.get(), F_SETFL, O_NONBLOCK);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&to), len) < 0 && errno != EINPROGRESS) return std::nullopt;
  if (!wait_for(fd.get(), POLLOUT, timeout_ms)) return std::nullopt;
  int err = 0;
  socklen_t elen = sizeof err;
  ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &elen);
  if (err != 0) return std::nullopt;
  std::string out;
  char buf[256];
  while (wait_for(fd.get(), POLLIN, timeout_ms)) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

std::optional<std::string> udp_request(const netns::Namespace* ns, const std::string& ip, uint16_t port, uint16_t src_port,
                                       int timeout_ms) {
  socklen_t len = 0;
  sockaddr_storage to = address(ip, port, len);
  base::UniqueFd fd = make_socket(ns, to.ss_family, SOCK_DGRAM);
  if (src_port) {
    int one = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    socklen_t blen = 0;
    sockaddr_storage from = address(to.ss_family == AF_INET ? "0.0.0.0" : "::", src_port, blen);
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&from), blen) < 0) return std::nullopt;
  }
  if (::sendto(fd.get(), "ping", 4, 0, reinterpret_cast<sockaddr*>(&to), len) < 0) return std::nullopt;
  if (!wait_for(fd.get(), POLLIN, timeout_ms)) return std::nullopt;
  char buf[256];
  ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
  if (n <= 0) return std::nullopt;
  return std::string(buf, static_cast<size_t>(n));
}

Sink::Sink(const netns::Namespace& ns, uint16_t port) {
  fd_ = make_socket(&ns, AF_INET, SOCK_STREAM);
  int one = 1;
  ::setsockopt(fd_.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) < 0 || ::listen(fd_.get(), 4) < 0) {
    throw std::runtime_error("sink bind failed");
  }
  thread_ = std::thread([this] {
    std::vector<char> buf(1 << 16);
    while (!stop_) {
      if (!wait_for(fd_.get(), POLLIN, 100)) continue;
      base::UniqueFd c{::accept4(fd_.get(), nullptr, nullptr, SOCK_CLOEXEC)};
      if (!c) continue;
      uint64_t total = 0;
      while (wait_for(c.get(), POLLIN, 5000)) {
        ssize_t n = ::read(c.get(), buf.data(), buf.size());
        if (n <= 0) break;
        total += static_cast<uint64_t>(n);
      }
      std::string ack = std::to_string(total);
      ssize_t ignored = ::write(c.get(), ack.data(), ack.size());
      (void)ignored;
    }
  });
}

Sink::~Sink() {
  stop_ = true;
  thread_.join();
}

double stream_to(const netns::Namespace* ns, const std::string& ip, uint16_t port, size_t bytes) {
  socklen_t len = 0;
  sockaddr_storage to = address(ip, port, len);
  base::UniqueFd fd = make_socket(ns, to.ss_family, SOCK_STREAM);
  auto start = std::chrono::steady_clock::now();
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&to), len) < 0) return 0;
  std::vector<char> buf(1 << 16, 'x');
  size_t sent = 0;
  while (sent < bytes) {
    ssize_t n = ::write(fd.get(), buf.data(), std::min(buf.size(), bytes - sent));
    if (n <= 0) return 0;
    sent += static_cast<size_t>(n);
  }
  ::shutdown(fd.get(), SHUT_WR);
  char ack[32] = {};
  if (!wait_for(fd.get(), POLLIN, 10000) || ::read(fd.get(), ack, sizeof ack - 1) <= 0) return 0;
  if (std::stoull(ack) != bytes) return 0;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return static_cast<double>(bytes) / 1e6 / secs;
}

}  // namespace testing
