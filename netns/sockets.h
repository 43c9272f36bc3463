// SPDX-License-Identifier: GPL-2.0-or-later
// netns/sockets.h: which processes hold a bound socket on a port, from
// /proc/net (the caller's network namespace) and /proc/PID/fd: for
// errors and diagnoses that name who took a port.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "netns/ip.h"

namespace netns {

struct PortHolder {
  pid_t pid = 0;
  std::string comm;             // /proc/PID/comm
  std::optional<IpAddress> ip;  // where it is bound; nullopt: every address
};

// The holders of a socket of `type` (SOCK_DGRAM, SOCK_STREAM) bound to
// `port` on `ip` or on every address (nullopt `ip`: on any), each process once.
std::vector<PortHolder> port_holders(const std::optional<IpAddress>& ip, uint16_t port, int type);

// "dnsmasq (pid 812)" for the first holder, else "another program".
std::string describe_holder(const std::vector<PortHolder>& holders);

}  // namespace netns
