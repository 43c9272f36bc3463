// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/firewall.h: forwarding and isolation as set elements. Each
// container address is in fw4/fw6 and, with its bridge, in the _net set:
// traffic within a network passes, traffic between two container networks
// is dropped (published ports excepted), and the containers of an internal
// network reach nothing outside it.
#pragma once

#include <string>
#include <vector>

#include "netns/ip.h"
#include "netns/netlink.h"
#include "portmap/owned.h"

namespace portmap {

// `bridge`: the host interface the container's traffic leaves by.
Entries firewall_entries(const std::string& owner, const std::vector<netns::Cidr>& addrs, const std::string& bridge,
                         bool internal);

void setup_firewall(netns::Netlink& nft, const std::string& owner, const std::vector<netns::Cidr>& addrs,
                    const std::string& bridge, bool internal);
// With `addrs`, each element is looked up alone; without, found by tag.
void teardown_firewall(netns::Netlink& nft, const std::string& owner, const std::vector<netns::Cidr>& addrs = {},
                       const std::string& bridge = {}, bool internal = false);
bool has_firewall(netns::Netlink& nft, const std::string& owner, const std::vector<netns::Cidr>& addrs,
                  const std::string& bridge, bool internal);

}  // namespace portmap
