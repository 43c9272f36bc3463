// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/forward_accept.h: the one place warren writes outside its own
// table, and only when containers.conf asks for it (forward_accept): an
// accept for a network's subnets, by source and by destination, put first
// in another table's forward chain that would drop them (a Docker-style
// FORWARD policy drop), as netavark does. Each rule carries the comment
// "warren-accept NETWORK", so that it is found again and removed with the
// network.
#pragma once

#include <string>
#include <vector>

#include "netns/ip.h"
#include "netns/netlink.h"
#include "netns/nft_hooks.h"

namespace portmap {

std::string accept_comment(const std::string& network);

// Puts the network's accepts first in each chain of `blocking` that has
// none yet (one batch). Returns the chains written, "ip filter FORWARD".
std::vector<std::string> add_forward_accepts(netns::Netlink& nft, const std::vector<netns::nft::Blocking>& blocking,
                                             const std::vector<netns::Cidr>& subnets, const std::string& network);

// Removes the network's accepts from every table; returns how many.
size_t remove_forward_accepts(netns::Netlink& nft, const std::string& network);

}  // namespace portmap
