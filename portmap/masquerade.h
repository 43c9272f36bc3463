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

// (address . its subnet) as a concatenated interval element: the subnet
// is the range of the second field.
netns::nft::Element address_in_subnet(const netns::Cidr& addr, const std::string& owner);
// (own subnet . address): any source in the subnet, to this address.
netns::nft::Element subnet_to_address(const netns::Cidr& addr, const std::string& owner);

}  // namespace portmap
