// SPDX-License-Identifier: GPL-2.0-or-later
// netconf/user_network.h: a container's user-mode network, as the monitor
// runs it for --network slirp4netns (a regular user's default): the agent
// in the container's namespaces (rootless/ns_agent.h), the stack on the
// tap the agent made (rootless/slirp_stack.h), and the forwarder on the
// published ports the monitor holds (rootless/forwarder.h). They live as
// long as the container.
#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>

#include "rootless/forwarder.h"
#include "rootless/ns_agent.h"
#include "rootless/slirp_stack.h"
#include "netconf/container_network.h"
#include "store/container_store.h"

namespace netconf {

struct UserNet {
  std::optional<rootless::NsAgent> agent;
  std::unique_ptr<rootless::SlirpStack> stack;
  std::unique_ptr<rootless::Forwarder> forwarder;

  void stop();  // the users of the agent first
  ~UserNet() { stop(); }
};

// Called once the container's namespaces exist (launcher's on_namespaces):
// the agent makes the tap, the stack starts on it, and the forwarder on
// `net.held`, the published host ports. Throws with what failed.
void start_user_net(UserNet& user_net, const store::ContainerConfig& cfg, ContainerNetwork& net, pid_t pid);

}  // namespace netconf
