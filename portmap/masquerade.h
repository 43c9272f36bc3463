// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/masquerade.h: masquerade for containers' outbound traffic as set
// elements of warren's table: the container's address in masq4/masq6, and
// (address . own subnet) in the skip set so traffic within the network
// keeps its source. Each element carries its owner's tag, so teardown finds
// them without the container, its netns or its address.
#pragma once

#include <string>
#include <vector>

#include "netns/ip.h"
#include "netns/netlink.h"

namespace portmap {

// `addrs` are the container's addresses with their network's prefix
// (10.88.0.2/16). Idempotent. Ensures the table.
void setup_masquerade(netns::Netlink& nft, const std::string& owner, const std::vector<netns::Cidr>& addrs);

// Removes every masquerade element tagged `owner`; none is fine.
void teardown_masquerade(netns::Netlink& nft, const std::string& owner);

// The owners of every masquerade element.
std::vector<std::string> masquerade_owners(netns::Netlink& nft);

// Whether every address of `addrs` is masqueraded for `owner`.
bool has_masquerade(netns::Netlink& nft, const std::string& owner, const std::vector<netns::Cidr>& addrs);

}  // namespace portmap
