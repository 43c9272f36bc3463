// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/network_doctor.h: `network doctor`: the path a packet takes on a
// network, walked on the host as it is: the forwarding sysctls, the bridge
// and its ports, each running container's interface, addresses and
// routes, warren's nftables table against its state, other tables whose
// hooks drop what warren's accepts, route_localnet for localhost ports,
// routes that overlap the subnet, and who answers DNS on the gateway.
// Reads only; every finding carries what would fix it.
#pragma once

#include <string>
#include <vector>

#include "config/settings.h"

namespace runtime {

struct Finding {
  enum class Level { ok, warn, fail };
  Level level = Level::ok;
  std::string network;
  std::string container;  // its name; empty for the network as a whole
  std::string check;      // forwarding, bridge, port, interface, nftables, hook, route_localnet, overlap, dns
  std::string message;
  std::string fix;        // empty when nothing is wrong
};

std::string level_name(Finding::Level level);

// Every network (empty `target`), one network, or a container's networks
// (with only that container's own checks). Throws when `target` names
// neither a network nor a container.
std::vector<Finding> network_doctor(const config::Settings& settings, const std::string& target);

}  // namespace runtime
