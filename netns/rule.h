// SPDX-License-Identifier: GPL-2.0-or-later
// netns/rule.h: policy routing over rtnetlink, as far as the rootless port
// forwarder needs it: a rule that sends what leaves a source address and
// port range to a table of its own, and a table that delivers everything
// locally. Replies of a server to a forwarded client (whose real address
// is not the namespace's) then reach the forwarder's transparent socket
// instead of the default route.
#pragma once

#include <cstdint>

#include "netns/ip.h"
#include "netns/netlink.h"

namespace netns {

struct PortRule {
  IpAddress from;            // the server's address
  bool any_source = false;   // match whatever the source (a wildcard-bound UDP server's replies have none yet)
  uint8_t ipproto;           // IPPROTO_TCP, IPPROTO_UDP
  uint16_t sport_first, sport_last;
  uint32_t table;
  uint32_t priority;
};

Message build_add_rule(const PortRule& r);
void add_rule(Netlink& nl, const PortRule& r);
void delete_rule(Netlink& nl, const PortRule& r);

// `family`'s everything-is-local route in `table`, through `lo_index`.
Message build_local_table(int family, uint32_t table, int lo_index);
void add_local_table(Netlink& nl, int family, uint32_t table, int lo_index);

}  // namespace netns
