// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/masquerade.h: masquerade for containers' outbound traffic as
// elements of warren's table: the container's address in masq4/masq6, and
// (address . its bridge) in the skip set, so traffic that stays on its own
// network keeps its source. Each element carries its owner's tag, so
// teardown finds it without the container, its netns or its address.
#pragma once

#include <string>
#include <vector>

#include "netns/ip.h"
#include "netns/netlink.h"
#include "portmap/owned.h"

namespace portmap {

// `addrs` are the container's addresses, `bridge` the host interface its
// traffic leaves by.
Entries masquerade_entries(const std::string& owner, const std::vector<netns::Cidr>& addrs, const std::string& bridge);

// Idempotent. Ensures the table.
void setup_masquerade(netns::Netlink& nft, const std::string& owner, const std::vector<netns::Cidr>& addrs,
                      const std::string& bridge);
// Removes every masquerade element tagged `owner`; none is fine. With the
// attachment's addresses known, each element is looked up alone;
// without, the sets are searched for the tag.
void teardown_masquerade(netns::Netlink& nft, const std::string& owner, const std::vector<netns::Cidr>& addrs = {},
                         const std::string& bridge = {});
// Whether every address of `addrs` is masqueraded for `owner`.
bool has_masquerade(netns::Netlink& nft, const std::string& owner, const std::vector<netns::Cidr>& addrs,
                    const std::string& bridge);
// The owners of every masquerade element.
std::vector<std::string> masquerade_owners(netns::Netlink& nft);

// (address . interface): the key of the (container . its bridge) sets.
netns::nft::Element address_on(const netns::Cidr& addr, const std::string& ifname, const std::string& owner);

}  // namespace portmap
