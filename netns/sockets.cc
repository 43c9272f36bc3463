// SPDX-License-Identifier: GPL-2.0-or-later
// netns/sockets.cc: /proc/net/{tcp,udp}{,6} and /proc/PID/fd read.
#include "netns/sockets.h"

#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "base/file.h"

namespace netns {

namespace {

// A /proc/net address, "0100007F:0035" or 32 hex digits for IPv6: each
// 32-bit word printed in host order.
std::optional<std::pair<IpAddress, uint16_t>> parse_local(const std::string& text, bool v6) {
  auto colon = text.find(':');
  size_t words = v6 ? 4 : 1;
  if (colon != words * 8) return std::nullopt;
  uint32_t w[4] = {};
  for (size_t i = 0; i < words; ++i) {
    if (std::sscanf(text.substr(i * 8, 8).c_str(), "%8x", &w[i]) != 1) return std::nullopt;
  }
  unsigned port = 0;
  if (std::sscanf(text.c_str() + colon + 1, "%4x", &port) != 1) return std::nullopt;
  uint8_t bytes[16];
  std::memcpy(bytes, w, words * 4);  // host order words, as the kernel printed them
  return std::pair{IpAddress::from_bytes(v6 ? AF_INET6 : AF_INET, std::span<const uint8_t>(bytes, words * 4)),
                   static_cast<uint16_t>(port)};
}

bool is_any(const IpAddress& a) {
  return std::all_of(a.data(), a.data() + a.size(), [](uint8_t b) { return b == 0; });
}

}  // namespace

std::vector<PortHolder> port_holders(const std::optional<IpAddress>& ip, uint16_t port, int type) {
  std::string table = type == SOCK_STREAM ? "tcp" : "udp";
  std::map<std::string, std::optional<IpAddress>> inodes;  // "socket:[N]" -> bound address
  for (bool v6 : {false, true}) {
    auto text = base::read_file("/proc/net/" + table + (v6 ? "6" : ""));
    if (!text) continue;
    size_t at = text->find('\n');
    for (size_t nl; at != std::string::npos && (nl = text->find('\n', at + 1)) != std::string::npos; at = nl) {
      std::string line = text->substr(at + 1, nl - at - 1);
      char local[80], st[8];
      unsigned long inode = 0;
      if (std::sscanf(line.c_str(), "%*d: %79s %*s %7s %*s %*s %*s %*s %*s %lu", local, st, &inode) != 3) continue;
      auto bound = parse_local(local, v6);
      if (!bound || bound->second != port || inode == 0) continue;
      // A TCP socket holds the port when it listens (0A); UDP when bound (07).
      if (type == SOCK_STREAM && std::string(st) != "0A") continue;
      std::optional<IpAddress> where;
      if (!is_any(bound->first)) where = bound->first;
      if (ip && where && *where != *ip) continue;
      inodes[fmt::format("socket:[{}]", inode)] = where;
    }
  }
  std::vector<PortHolder> out;
  if (inodes.empty()) return out;
  for (const auto& proc : base::list_dir("/proc")) {
    if (proc.find_first_not_of("0123456789") != std::string::npos) continue;
    for (const auto& fd : base::list_dir("/proc/" + proc + "/fd")) {
      char target[64] = {};
      if (::readlink(("/proc/" + proc + "/fd/" + fd).c_str(), target, sizeof target - 1) <= 0) continue;
      auto found = inodes.find(target);
      if (found == inodes.end()) continue;
      auto comm = base::read_file("/proc/" + proc + "/comm").value_or("?\n");
      out.push_back({static_cast<pid_t>(std::stol(proc)), comm.substr(0, comm.find('\n')), found->second});
      break;
    }
  }
  return out;
}

std::string describe_holder(const std::vector<PortHolder>& holders) {
  if (holders.empty()) return "another program";
  return fmt::format("{} (pid {})", holders[0].comm, holders[0].pid);
}

}  // namespace netns
