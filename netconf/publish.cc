// SPDX-License-Identifier: GPL-2.0-or-later
// netconf/publish.cc: port specs, free ports, held ports.
#include "netconf/publish.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "base/error.h"
#include "base/file.h"
#include "base/go_number.h"
#include "base/text.h"
#include "netns/ip.h"

namespace netconf {

namespace {

struct Range {
  uint16_t first = 0;
  uint16_t count = 1;
};

// Go's strconv.Atoi, then Podman's range check.
uint16_t port_number(const std::string& text) {
  std::string why;
  auto v = base::go_parse_int(text, 10, why);
  if (!v) throw base::error("invalid port number: strconv.Atoi: parsing \"{}\": {}", text, why);
  if (*v < 1 || *v > 65535) throw base::error("port numbers must be between 1 and 65535 (inclusive), got {}", *v);
  return static_cast<uint16_t>(*v);
}

// START or START-END, in Podman's words.
Range port_range(const std::string& text) {
  auto ends = base::split(text, '-');
  if (ends.size() > 2) throw base::error("invalid port format - port ranges are formatted as startPort-stopPort");
  if (ends[0].empty()) throw base::error("port numbers cannot be negative");
  uint16_t first = port_number(ends[0]);
  if (ends.size() == 1) return {first, 1};
  if (ends[1].empty()) throw base::error("must provide ending number for port range");
  uint16_t last = port_number(ends[1]);
  if (last <= first) {
    throw base::error("the end port of a range must be higher than the start port - {} is not higher than {}", last, first);
  }
  return {first, static_cast<uint16_t>(last - first + 1)};
}

Range port_range(const std::string& text, const char* what) {
  try {
    return port_range(text);
  } catch (const base::Error& e) {
    throw base::error("parsing {} port: {}", what, e.what());
  }
}

// One bound socket on `port` (listening, with `listen`, if TCP); an
// invalid fd and errno when taken.
// `dual`: on every address, IPv6's too (one [::] socket that takes IPv4
// clients as well), falling back to 0.0.0.0 where IPv6 is off.
base::UniqueFd bind_port(const std::string& host_ip, uint16_t port, int type, bool listen = false, bool dual = false) {
  dual = dual && host_ip.empty();
  auto ip = netns::IpAddress::parse(dual ? "::" : host_ip.empty() ? "0.0.0.0" : host_ip);
  int family = ip ? ip->family() : AF_INET;
  base::UniqueFd fd{::socket(family, type | SOCK_CLOEXEC, 0)};
  if (!fd && dual) return bind_port(host_ip, port, type, listen);
  if (!fd) return fd;
  int off = 0;
  if (dual) ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
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
    if (dual && (errno == EADDRNOTAVAIL || errno == EAFNOSUPPORT)) return bind_port(host_ip, port, type, listen);
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

// [[hostIP:]hostPort:]containerPort[/protocol], the host address of IPv6
// in brackets: split as Podman 4.3 splits it, each fault in its words.
std::vector<store::PublishedPort> parse_publish(const std::string& given) {
  auto by_slash = base::split(given, '/');
  if (by_slash.size() > 2) throw base::error("invalid port format - protocol can only be specified once");
  std::string rest = by_slash[0], host_ip, host_port, ctr_port;
  auto by_bracket = base::split(rest, ']');
  bool v6 = by_bracket.size() == 2;
  if (by_bracket.size() > 2) throw base::error("invalid port format - at most one IPv6 address can be specified in a --publish");
  if (v6) {
    if (!by_bracket[0].starts_with('[')) throw base::error("invalid port format - IPv6 addresses must be enclosed by []");
    if (!by_bracket[1].starts_with(':')) {
      throw base::error("invalid port format - IPv6 address must be followed by a colon (':')");
    }
    host_ip = by_bracket[0].substr(1);
    rest = by_bracket[1].substr(1);
  }
  auto parts = base::split(rest, ':');
  if (parts.size() == 1 && v6) {
    throw base::error("invalid port format - must provide host and destination port if specifying an IP");
  } else if (parts.size() == 3 && v6) {
    throw base::error("invalid port format - when v6 address specified, must be [ipv6]:hostPort:ctrPort");
  } else if (parts.size() > 3) {
    throw base::error("invalid port format - format is [[hostIP:]hostPort:]containerPort");
  }
  if (parts.size() == 3) host_ip = parts[0];
  if (parts.size() >= 2) host_port = parts[parts.size() - 2];
  ctr_port = parts.back();
  // In Podman's order: "1.2.3:abc:80" is a bad address, "abc/" a bad port.
  if (ctr_port.empty()) throw base::error("must provide a non-empty container port to publish");
  Range ctr = port_range(ctr_port, "container");
  std::string protocol = "tcp";
  if (by_slash.size() == 2) {
    if (by_slash[1].empty()) throw base::error("must provide a non-empty protocol to publish");
    protocol = by_slash[1];
    for (char& c : protocol) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (!host_ip.empty() && !netns::IpAddress::parse(host_ip)) throw base::error("cannot parse \"{}\" as an IP address", host_ip);
  Range host{0, ctr.count};
  if (!host_port.empty()) {
    host = port_range(host_port, "host");
    if (host.count != ctr.count) {
      throw base::error("host and container port ranges have different lengths: {} vs {}", host.count, ctr.count);
    }
  }
  if (protocol != "tcp" && protocol != "udp" && protocol != "sctp") {
    throw base::error("unrecognized protocol \"{}\" in port mapping", protocol);
  }
  return {{host_ip, host.first, ctr.first, protocol, ctr.count}};
}

std::vector<store::PublishedPort> publish_all(const std::vector<std::string>& exposed) {
  std::vector<store::PublishedPort> out;
  for (const auto& e : exposed) {
    auto p = parse_publish(e);
    out.insert(out.end(), p.begin(), p.end());
  }
  return out;
}

void normalize_ports(std::vector<store::PublishedPort>& ports) {
  std::vector<store::PublishedPort> out, random;
  std::vector<std::string> ips;
  for (const auto& p : ports) ips.push_back(p.host_ip);
  std::sort(ips.begin(), ips.end());
  ips.erase(std::unique(ips.begin(), ips.end()), ips.end());
  for (const char* protocol : {"tcp", "udp", "sctp"}) {
    for (const auto& ip : ips) {
      std::vector<store::PublishedPort> fixed;
      for (const auto& p : ports) {
        if (p.protocol == protocol && p.host_ip == ip && p.host_port) fixed.push_back(p);
      }
      std::sort(fixed.begin(), fixed.end(), [](const store::PublishedPort& a, const store::PublishedPort& b) {
        return a.host_port != b.host_port ? a.host_port < b.host_port : a.container_port < b.container_port;
      });
      std::optional<store::PublishedPort> prev;
      for (const auto& p : fixed) {
        if (prev && prev->host_port + prev->range >= p.host_port) {
          int diff = p.host_port - prev->host_port;
          if (diff == p.container_port - prev->container_port) {  // the same run: join
            prev->range = static_cast<uint16_t>(std::max<int>(prev->range, p.range + diff));
            continue;
          }
          if (prev->host_port + prev->range - 1 > p.host_port) {
            throw base::error("conflicting port mappings for host port {} (protocol {})", p.host_port, protocol);
          }
        }
        if (prev) out.push_back(*prev);
        prev = p;
      }
      if (prev) out.push_back(*prev);
    }
  }
  for (const auto& p : ports) {
    if (!p.host_port) out.push_back(p);
  }
  ports = std::move(out);
}

void pick_host_ports(std::vector<store::PublishedPort>& ports) {
  for (auto& p : ports) {
    if (p.host_port != 0) continue;
    // The kernel's pick for the first; a range takes the ones after it
    // when they are free too (a few tries, then an error).
    // An address the host does not have gets its port picked on the
    // wildcard, as Podman's create does; binding to it fails at start.
    std::string ip = p.host_ip;
    for (int attempt = 0; attempt < 20 && p.host_port == 0; ++attempt) {
      base::UniqueFd first = bind_port(ip, 0, socket_type(p.protocol));
      if (!first && errno == EADDRNOTAVAIL && !ip.empty()) {
        ip = ip.find(':') == std::string::npos ? "" : "::";
        first = bind_port(ip, 0, socket_type(p.protocol));
      }
      if (!first) throw base::sys_error(errno, "pick a free host port");
      uint16_t port = bound_port(first.get());
      bool all = port + p.range - 1 <= 65535;
      for (uint16_t i = 1; all && i < p.range; ++i) all = static_cast<bool>(bind_port(ip, port + i, socket_type(p.protocol)));
      if (all) p.host_port = port;
    }
    if (p.host_port == 0) throw base::error("could not find {} free consecutive host ports", p.range);
  }
}

namespace {

// Go's words for a port that would not bind: Podman's own for root, its
// rootlessport's for a regular user (whose forwarder listens); the errno's
// text in lower case, as Go's.
base::Error bind_error(const store::PublishedPort& p, uint16_t port, int err, bool rootless) {
  std::string why = std::strerror(err);
  if (!why.empty()) why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
  bool v6 = p.host_ip.find(':') != std::string::npos;
  std::string ip = v6 ? "[" + p.host_ip + "]" : p.host_ip;
  std::string net = p.protocol == "udp" ? "udp" : "tcp";
  if (!rootless) {
    // No host address prints as ":8080".
    return base::error("cannot listen on the {} port: listen {}{} {}:{}: bind: {}", p.protocol == "udp" ? "UDP" : "TCP",
                       net, v6 ? "6" : "4", ip, port, why);
  }
  std::string where = fmt::format("listen {} {}:{}: bind: {}", net, ip.empty() ? "0.0.0.0" : ip, port, why);
  if (err != EACCES) return base::error("rootlessport {}", where);
  auto text = base::read_file("/proc/sys/net/ipv4/ip_unprivileged_port_start");
  long start = text ? std::atol(text->c_str()) : 1024;
  return base::error("rootlessport cannot expose privileged port {}, you can add 'net.ipv4.ip_unprivileged_port_start={}' "
                     "to /etc/sysctl.conf (currently {}), or choose a larger port number (>= {}): {}",
                     port, port, start, start, where);
}

}  // namespace

std::vector<base::UniqueFd> hold_host_ports(const std::vector<store::PublishedPort>& ports, bool listen) {
  std::vector<base::UniqueFd> held;
  for (const auto& p : ports) {
    // SCTP ports are not held: the kernel's sctp module may not even be
    // loaded, and a TCP socket would hold the wrong port space.
    if (p.protocol == "sctp") continue;
    for (uint16_t i = 0; i < p.range; ++i) {
      uint16_t port = p.host_port + i;
      // A forwarder's listener on every address takes IPv6 clients too,
      // as rootlessport's does.
      base::UniqueFd fd = bind_port(p.host_ip, port, socket_type(p.protocol), listen, listen);
      if (!fd) throw bind_error(p, port, errno, listen);
      held.push_back(std::move(fd));
    }
  }
  return held;
}

}  // namespace netconf
