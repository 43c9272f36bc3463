// SPDX-License-Identifier: GPL-2.0-or-later
// netns/route.h: routes in the main table, IPv4 and IPv6, over rtnetlink:
// default and prefix routes, via a gateway or on-link, with a metric.
#pragma once

#include <optional>
#include <vector>

#include "netns/ip.h"
#include "netns/message.h"
#include "netns/netlink.h"

namespace netns {

struct Route {
  Cidr dst;                          // 0.0.0.0/0 or ::/0 for a default route
  std::optional<IpAddress> gateway;  // none: directly connected
  int oif = 0;                       // the output interface, 0: any
  unsigned metric = 0;
  bool onlink = false;               // the gateway is on the link, whatever the addresses say
  int scope = 0;                     // RT_SCOPE_*; as listed
  int protocol = 0;                  // RTPROT_*; as listed
  bool is_default() const { return dst.prefix() == 0; }
};

// A default route for `family` through `gateway`.
Route default_route(const IpAddress& gateway, int oif = 0, unsigned metric = 0);

Message build_add_route(const Route& r, bool replace);
Message build_delete_route(const Route& r);
Route parse_route(const nlmsghdr* nlh);

// Fails with EEXIST if the same route is there.
void add_route(Netlink& nl, const Route& r);
// Deleting a route that is not there is success.
void delete_route(Netlink& nl, const Route& r);
// Unicast routes of the main table; family AF_UNSPEC for both.
std::vector<Route> list_routes(Netlink& nl, int family = 0);

}  // namespace netns
