// SPDX-License-Identifier: GPL-2.0-or-later
// rootless/ns_agent.h: the monitor's hands inside a rootless container's
// namespaces. A regular user's monitor cannot enter the container's
// network namespace itself (that takes joining its user namespace, which
// a process with threads cannot), so it forks an agent that joins both,
// makes and configures the tap device the user-mode stack talks through,
// hands its descriptor back over a unix socket, and then opens sockets
// inside the namespace on request (the port forwarder's inner ends).
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/fd.h"

namespace rootless {

struct TapConfig {
  std::string name = "tap0";
  std::string address = "10.0.2.100/24";
  std::string gateway = "10.0.2.2";
  unsigned mtu = 65520;
  std::string address6, gateway6;  // with enable_ipv6: fd00::100/64 via fd00::2
  // Published ports (protocol, first, last container port): the server's
  // replies from them are delivered locally, to the forwarder's
  // transparent sockets, not sent out through the tap.
  struct Ports {
    uint8_t ipproto;
    uint16_t first, last;
  };
  std::vector<Ports> published;
};

class NsAgent {
 public:
  // Forks the agent into the user and network namespaces of `pid` (a
  // container whose maps are written), where it makes the tap and brings
  // lo and the tap up with the address and a default route. Throws with
  // the agent's own error (/dev/net/tun not accessible says how to fix it).
  // `program` is warren-agent, which the agent becomes once the tap is made
  // when ports are published; with none, the agent ends there (and so
  // connect() has nobody to ask).
  static NsAgent start(pid_t pid, const TapConfig& cfg, const std::string& program);

  NsAgent(NsAgent&&) noexcept;
  NsAgent& operator=(NsAgent&&) noexcept;
  ~NsAgent();  // the agent ends

  base::UniqueFd take_tap() { return std::move(tap_); }

  // A socket inside the namespace, connected to `to` (the container's own
  // address and port): TCP or UDP. With `source` set, the socket is bound
  // there first (IP_TRANSPARENT: an address that is not the namespace's),
  // so that the server sees the real client. Nonblocking connect; the
  // caller waits for it. A UDP socket is bound only, not connected.
  base::UniqueFd connect(int type, const sockaddr_storage& to, const sockaddr_storage* source);

 private:
  NsAgent(pid_t pid, base::UniqueFd sock, base::UniqueFd tap) : pid_(pid), sock_(std::move(sock)), tap_(std::move(tap)) {}
  pid_t pid_ = 0;
  base::UniqueFd sock_, tap_;
};

}  // namespace rootless
