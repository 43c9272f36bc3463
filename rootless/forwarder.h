// SPDX-License-Identifier: GPL-2.0-or-later
// rootless/forwarder.h: published ports of a rootless container. The
// monitor holds the host ports (TCP and UDP); a thread of its accepts,
// gets for each connection a socket inside the container's network
// namespace from the agent (rootless/ns_agent.h), bound to the client's
// own address (IP_TRANSPARENT, with a policy rule sending the server's
// replies back to it), and moves the bytes with splice(2) both ways,
// half-close and reset passed on. The server sees the real client: the
// host's loopback address for a client there, never 10.0.2.x. The same
// loop serves a rootful container's [::1] ports (IPv6 has no
// route_localnet, so no DNAT can reach a container from ::1), connecting
// from the host.
#pragma once

#include <sys/socket.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "base/fd.h"
#include "rootless/ns_agent.h"

namespace rootless {

struct ForwardedPort {
  base::UniqueFd host;      // bound on the host port (TCP: listening, or it is made to)
  uint16_t container_port;
  bool udp = false;
};

// A socket connected (nonblocking: the forwarder waits for it) to `to`,
// or for UDP one ready to send there; `source` is the client's address as
// the server is to see it, where the connector can keep it (may be null).
using Connector = std::function<base::UniqueFd(int type, const sockaddr_storage& to, const sockaddr_storage* source)>;

// A connector in the caller's own network namespace: the server sees the
// host's address on the way, not the client's.
base::UniqueFd connect_from_host(int type, const sockaddr_storage& to, const sockaddr_storage* source);

// A connector in the caller's network namespace that keeps the client's
// address (IP_TRANSPARENT; the caller routes the server's replies back
// with a rule, netns/rule.h), but a loopback client's: no 127.x can cross
// to another namespace, so the server sees the caller's own address then.
base::UniqueFd connect_keeping_source(int type, const sockaddr_storage& to, const sockaddr_storage* source);

class Forwarder {
 public:
  // Starts the thread; `agent` outlives the forwarder.
  Forwarder(std::vector<ForwardedPort> ports, NsAgent& agent, const std::string& container_ip);
  // The same through any connector; `container_ip` IPv4 or IPv6.
  Forwarder(std::vector<ForwardedPort> ports, Connector connect, const std::string& container_ip);
  ~Forwarder();
  Forwarder(const Forwarder&) = delete;
  Forwarder& operator=(const Forwarder&) = delete;

  struct State;

 private:
  std::unique_ptr<State> state_;
  std::thread thread_;
};

}  // namespace rootless
