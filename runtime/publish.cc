// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/publish.cc: port specs, free ports, held ports.
#include "runtime/publish.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <charconv>

#include <fmt/format.h>

#include "base/error.h"
#include "netns/ip.h"

namespace runtime {

namespace {

struct Range {
  uint16_t first = 0;
  uint16_t count = 1;
};

uint16_t port_number(const std::string& text, const char* what) {
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    throw base::error("parsing {} port: invalid port number: strconv.Atoi: parsing \"{}\": invalid syntax", what, text);
  }
  if (v < 1 || v > 65535) {
    throw base::error("parsing {} port: port numbers must be between 1 and 65535 (inclusive), got {}", what, v);
  }
  return static_cast<uint16_t>(v);
}

Range port_range(const std::string& text, const char* what) {
  auto dash = text.find('-');
  if (dash == std::string::npos) return {port_number(text, what), 1};
  uint16_t a = port_number(text.substr(0, dash), what), b = port_number(text.substr(dash + 1), what);
  if (b < a) throw base::error("parsing {} port: invalid range {}", what, text);
  return {a, static_cast<uint16_t>(b - a + 1)};
}

// One bound socket on `port` (listening, with `listen`, if TCP); an
// invalid fd and errno when taken.
base::UniqueFd bind_port(const std::string& host_ip, uint16_t port, int type, bool listen = false) {
  auto ip = netns::IpAddress::parse(host_ip.empty() ? "0.0.0.0" : host_ip);
  int family = ip ? ip->family() : AF_INET;
  base::UniqueFd fd{::socket(family, type | SOCK_CLOEXEC, 0)};
  if (!fd) return fd;
  listen = listen && type == SOCK_STREAM;
  int one = 1;
  // Only for a listener: a socket that is bound alone would let another
  // SO_REUSEADDR one bind the same port.
  if (listen) ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_storage ss{};
  socklen_t len;
  if (family == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    a->sin_port = htons(port);
    std::memcpy(&a->sin_addr, ip->data(), 4);
    len = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(port);
    std::memcpy(&a->sin6_addr, ip->data(), 16);
    len = sizeof *a;
  }
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&ss), len) < 0 || (listen && ::listen(fd.get(), 128) < 0)) {
    fd.reset();
  }
  return fd;
}

uint16_t bound_port(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  return ntohs(ss.ss_family == AF_INET ? reinterpret_cast<sockaddr_in*>(&ss)->sin_port
                                       : reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
}

int socket_type(const std::string& protocol) { return protocol == "udp" ? SOCK_DGRAM : SOCK_STREAM; }

}  // namespace

std::vector<PublishedPort> parse_publish(const std::string& given) {
  std::string spec = given, protocol = "tcp";
  if (auto slash = spec.rfind('/'); slash != std::string::npos) {
    protocol = spec.substr(slash + 1);
    spec = spec.substr(0, slash);
    if (protocol != "tcp" && protocol != "udp" && protocol != "sctp") {
      throw base::error("unrecognized protocol \"{}\" in port mapping", protocol);
    }
  }
  std::string host_ip;
  if (spec.starts_with("[")) {  // [::1]:8080:80
    auto close = spec.find("]:");
    if (close == std::string::npos) throw base::error("invalid IPv6 address in port mapping \"{}\"", given);
    host_ip = spec.substr(1, close - 1);
    spec = spec.substr(close + 2);
    if (!netns::IpAddress::parse(host_ip)) throw base::error("cannot parse \"{}\" as an IP address", host_ip);
  }
  std::vector<std::string> parts;
  for (size_t at = 0;;) {
    size_t colon = spec.find(':', at);
    parts.push_back(spec.substr(at, colon == std::string::npos ? std::string::npos : colon - at));
    if (colon == std::string::npos) break;
    at = colon + 1;
  }
  if (parts.size() > 3) throw base::error("invalid port format \"{}\"", given);
  if (parts.size() == 3) {
    if (!host_ip.empty()) throw base::error("invalid port format \"{}\"", given);
    host_ip = parts[0];
    if (!host_ip.empty() && !netns::IpAddress::parse(host_ip)) throw base::error("cannot parse \"{}\" as an IP address", host_ip);
    parts.erase(parts.begin());
  }
  Range ctr = port_range(parts.back(), "container");
  Range host{0, ctr.count};
  if (parts.size() == 2 && !parts[0].empty()) {
    host = port_range(parts[0], "host");
    if (host.count != ctr.count) {
      throw base::error("host and container port ranges have different lengths: {} vs {}", host.count, ctr.count);
    }
  }
  return {{host_ip, host.first, ctr.first, protocol, ctr.count}};
}

std::vector<PublishedPort> publish_all(const std::vector<std::string>& exposed) {
  std::vector<PublishedPort> out;
  for (const auto& e : exposed) {
    auto p = parse_publish(e);
    out.insert(out.end(), p.begin(), p.end());
  }
  return out;
}

void pick_host_ports(std::vector<PublishedPort>& ports) {
  for (auto& p : ports) {
    if (p.host_port != 0) continue;
    // The kernel's pick for the first; a range takes the ones after it
    // when they are free too (a few tries, then an error).
    for (int attempt = 0; attempt < 20 && p.host_port == 0; ++attempt) {
      base::UniqueFd first = bind_port(p.host_ip, 0, socket_type(p.protocol));
      if (!first) throw base::sys_error(errno, "pick a free host port");
      uint16_t port = bound_port(first.get());
      bool all = port + p.range - 1 <= 65535;
      for (uint16_t i = 1; all && i < p.range; ++i) all = static_cast<bool>(bind_port(p.host_ip, port + i, socket_type(p.protocol)));
      if (all) p.host_port = port;
    }
    if (p.host_port == 0) throw base::error("could not find {} free consecutive host ports", p.range);
  }
}

std::vector<base::UniqueFd> hold_host_ports(const std::vector<PublishedPort>& ports, bool listen) {
  std::vector<base::UniqueFd> held;
  for (const auto& p : ports) {
    // SCTP ports are not held: the kernel's sctp module may not even be
    // loaded, and a TCP socket would hold the wrong port space.
    if (p.protocol == "sctp") continue;
    for (uint16_t i = 0; i < p.range; ++i) {
      uint16_t port = p.host_port + i;
      base::UniqueFd fd = bind_port(p.host_ip, port, socket_type(p.protocol), listen);
      if (!fd) {
        std::string proto = p.protocol == "udp" ? "UDP" : p.protocol == "sctp" ? "SCTP" : "TCP";
        bool v6 = p.host_ip.find(':') != std::string::npos;
        // Go's words for it: no host address prints as ":8080".
        throw base::sys_error(errno, "cannot listen on the {} port: listen {}{} {}:{}: bind", proto,
                              p.protocol == "udp" ? "udp" : "tcp", v6 ? "6" : "4", v6 ? "[" + p.host_ip + "]" : p.host_ip, port);
      }
      held.push_back(std::move(fd));
    }
  }
  return held;
}

}  // namespace runtime
