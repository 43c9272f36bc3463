// SPDX-License-Identifier: GPL-2.0-or-later
// netns/route.cc: RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE.
#include "netns/route.h"

#include <linux/rtnetlink.h>

#include <cerrno>

#include "base/error.h"

namespace netns {

Route default_route(const IpAddress& gateway, int oif, unsigned metric) {
  Route r;
  r.dst = Cidr(IpAddress::from_bytes(gateway.family(), {}), 0);
  r.gateway = gateway;
  r.oif = oif;
  r.metric = metric;
  return r;
}

namespace {

std::string describe(const Route& r) {
  std::string s = r.is_default() ? "default" : r.dst.network().str();
  if (r.gateway) s += " via " + r.gateway->str();
  if (r.oif) s += fmt::format(" dev #{}", r.oif);
  if (r.metric) s += fmt::format(" metric {}", r.metric);
  if (r.onlink) s += " onlink";
  return s;
}

void put_route(Message& m, const Route& r, bool for_delete) {
  auto* rt = m.put_header<rtmsg>();
  rt->rtm_family = static_cast<uint8_t>(r.dst.family());
  rt->rtm_dst_len = static_cast<uint8_t>(r.dst.prefix());
  rt->rtm_table = RT_TABLE_MAIN;
  rt->rtm_type = RTN_UNICAST;
  rt->rtm_protocol = for_delete ? RTPROT_UNSPEC : RTPROT_BOOT;
  // A route with no gateway reaches its destination on the link itself.
  rt->rtm_scope = for_delete ? RT_SCOPE_NOWHERE : (r.gateway ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK);
  if (r.onlink) rt->rtm_flags |= RTNH_F_ONLINK;
  if (r.dst.prefix() > 0) m.put(RTA_DST, r.dst.network().addr().data(), r.dst.addr().size());
  if (r.gateway) m.put(RTA_GATEWAY, r.gateway->data(), r.gateway->size());
  if (r.oif) m.put_u32(RTA_OIF, static_cast<uint32_t>(r.oif));
  if (r.metric) m.put_u32(RTA_PRIORITY, r.metric);
}

}  // namespace

Message build_add_route(const Route& r, bool replace) {
  if (r.dst.family() == 0) throw base::error("route without a destination family");
  if (r.gateway && r.gateway->family() != r.dst.family()) {
    throw base::error("route {}: gateway and destination differ in family", describe(r));
  }
  Message m(RTM_NEWROUTE, NLM_F_CREATE | (replace ? NLM_F_REPLACE : NLM_F_EXCL),
            "add route " + describe(r));
  put_route(m, r, false);
  return m;
}

Message build_delete_route(const Route& r) {
  Message m(RTM_DELROUTE, 0, "delete route " + describe(r));
  put_route(m, r, true);
  return m;
}

Route parse_route(const nlmsghdr* nlh) {
  const auto* rt = static_cast<const rtmsg*>(mnl_nlmsg_get_payload(nlh));
  Attrs a(nlh, sizeof(rtmsg));
  Route r;
  auto dst = a.bytes(RTA_DST);
  r.dst = Cidr(IpAddress::from_bytes(rt->rtm_family, dst), rt->rtm_dst_len);
  if (a.has(RTA_GATEWAY)) r.gateway = IpAddress::from_bytes(rt->rtm_family, a.bytes(RTA_GATEWAY));
  r.oif = static_cast<int>(a.u32(RTA_OIF));
  r.metric = a.u32(RTA_PRIORITY);
  r.onlink = (rt->rtm_flags & RTNH_F_ONLINK) != 0;
  r.scope = rt->rtm_scope;
  r.protocol = rt->rtm_protocol;
  return r;
}

void add_route(Netlink& nl, const Route& r) {
  Message m = build_add_route(r, false);
  nl.request(m);
}

void delete_route(Netlink& nl, const Route& r) {
  Message m = build_delete_route(r);
  int err = nl.try_request(m);
  // ESRCH: no such route; ENODEV: its interface is gone, and the route with it.
  if (err == 0 || err == ESRCH || err == ENODEV) return;
  throw base::sys_error(err, "{}", m.what());
}

std::vector<Route> list_routes(Netlink& nl, int family) {
  Message m(RTM_GETROUTE, 0, "list routes");
  auto* rt = m.put_header<rtmsg>();
  rt->rtm_family = static_cast<uint8_t>(family);
  std::vector<Route> out;
  nl.dump(m, [&](const nlmsghdr* h) {
    if (h->nlmsg_type != RTM_NEWROUTE) return;
    const auto* msg = static_cast<const rtmsg*>(mnl_nlmsg_get_payload(h));
    if (msg->rtm_table != RT_TABLE_MAIN || msg->rtm_type != RTN_UNICAST) return;
    Route r = parse_route(h);
    // Table main in the rtmsg byte can be a truncation of RTA_TABLE.
    Attrs a(h, sizeof(rtmsg));
    if (a.has(RTA_TABLE) && a.u32(RTA_TABLE) != RT_TABLE_MAIN) return;
    out.push_back(r);
  });
  return out;
}

}  // namespace netns
