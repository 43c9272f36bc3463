// SPDX-License-Identifier: GPL-2.0-or-later
// netns/addr.h: interface addresses, IPv4 and IPv6, over rtnetlink.
#pragma once

#include <vector>

#include "netns/ip.h"
#include "netns/message.h"
#include "netns/netlink.h"

namespace netns {

struct Address {
  int index = 0;      // the interface
  Cidr cidr;          // the address with its prefix
  int scope = 0;      // RT_SCOPE_*
};

// `nodad`: usable at once, without IPv6 duplicate address detection.
Message build_add_address(int index, const Cidr& cidr, bool replace, bool nodad = false);
Message build_delete_address(int index, const Cidr& cidr);
Address parse_address(const nlmsghdr* nlh);

// Fails with EEXIST if the interface already has it.
void add_address(Netlink& nl, int index, const Cidr& cidr, bool nodad = false);
// Deleting an address that is not there is success.
void delete_address(Netlink& nl, int index, const Cidr& cidr);
// Every address, or only those of one interface (index > 0); family
// AF_UNSPEC for both.
std::vector<Address> list_addresses(Netlink& nl, int index = 0, int family = 0);

}  // namespace netns
