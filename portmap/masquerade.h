// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/masquerade.h: masquerade for containers' outbound traffic as
// elements of warren's table: the container's address in masq4/masq6,
// jumping to its subnet's chain, which keeps the source for traffic within
// the network (and multicast) and masquerades the rest. Each element
// carries its owner's tag, so teardown finds it without the container, its
// netns or its address.
#pragma once

#include <string>
#include <vector>

#include "netns/ip.h"
#include "netns/netlink.h"
#include "portmap/owned.h"

namespace portmap {

// `addrs` are the container's addresses with their network's prefix
// (10.88.0.2/16).
Entries masquerade_entries(const std::string& owner, const std::vector<netns::Cidr>& addrs);

// Idempotent. Ensures the table.
void setup_masquerade(netns::Netlink& nft, const std::string& owner, const std::vector<netns::Cidr>& addrs);
// Removes every masquerade element tagged `owner`; none is fine. With the
// attachment's addresses known, each element is looked up alone;
// without, the sets are searched for the tag.
void teardown_masquerade(netns::Netlink& nft, const std::string& owner, const std::vector<netns::Cidr>& addrs = {});
// Whether every address of `addrs` is masqueraded for `owner`.
bool has_masquerade(netns::Netlink& nft, const std::string& owner, const std::vector<netns::Cidr>& addrs);
// The owners of every masquerade element.
std::vector<std::string> masquerade_owners(netns::Netlink& nft);

// An element of a verdict map: the address, jumping to the chain of its
// subnet of `kind`; the chain goes into `e` too.
void add_jump(Entries& e, const std::string& map, SubnetChain::Kind kind, const netns::Cidr& addr,
              const std::string& owner);

}  // namespace portmap
