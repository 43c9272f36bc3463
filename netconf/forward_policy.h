// SPDX-License-Identifier: GPL-2.0-or-later
// netconf/forward_policy.h: a network beside another table's forward drop
// (a Docker-style FORWARD policy drop, a firewalld-style reject): an
// accept in warren's table cannot overrule it. Found when a network's
// bridge is first made, and said in one line with the fix; with
// containers.conf's forward_accept, warren puts the network's accepts in
// those chains itself (portmap/forward_accept.h) and removes them with
// the network.
#pragma once

#include <string>
#include <vector>

#include "netconf/network_config.h"
#include "netns/nft_hooks.h"

namespace netconf {

// What names the network's packets in a rule: its bridge and subnets.
netns::nft::PacketMatch packet_match(const Network& net);

// One line naming each table and chain that drops the network's
// forwarded packets and the fix; empty when none does (or the network is
// internal, or not a bridge).
std::string forward_warning(const Network& net);

// The opt-in: the accepts put where a chain would drop the network's
// packets. Returns the chains written ("ip filter FORWARD").
std::vector<std::string> accept_forwarding(const Network& net);

// The network's accepts, wherever they are, removed (network rm).
void release_forwarding(const std::string& network);

}  // namespace netconf
