// SPDX-License-Identifier: GPL-2.0-or-later
// netns/conntrack.h: conntrack entries over ctnetlink. A UDP "connection"
// lives on in conntrack after its container is gone; deleting the entries
// for a published UDP port lets the next container get its traffic.
#pragma once

#include <cstdint>

#include "netns/netlink.h"

namespace netns {

// Delete every entry of `family` (AF_INET, AF_INET6) whose original
// direction is protocol `proto` to port `dport`. Returns how many went.
int delete_conntrack(Netlink& nfnl, int family, uint8_t proto, uint16_t dport);

// How many such entries there are.
int count_conntrack(Netlink& nfnl, int family, uint8_t proto, uint16_t dport);

}  // namespace netns
