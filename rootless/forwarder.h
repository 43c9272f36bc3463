// SPDX-License-Identifier: GPL-2.0-or-later
// rootless/forwarder.h: published ports of a rootless container. The
// monitor holds the host ports (TCP and UDP); a thread of its accepts,
// gets for each connection a socket inside the container's network
// namespace from the agent (rootless/ns_agent.h), bound to the client's
// own address (IP_TRANSPARENT, with a policy rule sending the server's
// replies back to it), and moves the bytes with splice(2) both ways,
// half-close and reset passed on. The server sees the real client: the
// host's loopback address for a client there, never 10.0.2.x.
#pragma once

#include <atomic>
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

class Forwarder {
 public:
  // Starts the thread; `agent` outlives the forwarder.
  Forwarder(std::vector<ForwardedPort> ports, NsAgent& agent, const std::string& container_ip);
  ~Forwarder();
  Forwarder(const Forwarder&) = delete;
  Forwarder& operator=(const Forwarder&) = delete;

  struct State;

 private:
  std::unique_ptr<State> state_;
  std::thread thread_;
};

}  // namespace rootless
