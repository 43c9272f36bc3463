// SPDX-License-Identifier: GPL-2.0-or-later
// cni/plugin_loopback.cc: lo up (with 127.0.0.1/8 and ::1 as the kernel
// gives it), down on DEL, checked on CHECK.
#include <fmt/format.h>

#include "cni/error.h"
#include "cni/plugins.h"
#include "netns/addr.h"
#include "netns/link.h"
#include "netns/namespace.h"
#include "netns/netlink.h"

namespace cni {

Result LoopbackPlugin::add(const base::json::Value& conf, const Env& env) {
  netns::Netlink nl = netns::Netlink::open_in(netns::Namespace::open(env.netns));
  netns::Link lo = netns::get_link(nl, env.ifname);
  netns::set_link_up(nl, env.ifname);
  // In a chain, pass the previous result on unchanged, as the reference does.
  if (auto prev = prev_result(conf)) return *prev;
  Result r;
  r.cni_version = base::json::string(conf, "cniVersion", "loopback config");
  r.interfaces.push_back({env.ifname, "00:00:00:00:00:00", std::nullopt, env.netns});
  for (const auto& a : netns::list_addresses(nl, lo.index)) r.ips.push_back({a.cidr, std::nullopt, 0});
  return r;
}

void LoopbackPlugin::del(const base::json::Value&, const Env& env) {
  if (env.netns.empty()) return;
  auto ns = netns::Namespace::try_open(env.netns);
  if (!ns) return;  // gone, and lo with it
  netns::Netlink nl = netns::Netlink::open_in(*ns);
  if (netns::find_link(nl, env.ifname)) netns::set_link_up(nl, env.ifname, false);
}

void LoopbackPlugin::check(const base::json::Value&, const Env& env) {
  netns::Netlink nl = netns::Netlink::open_in(netns::Namespace::open(env.netns));
  if (!netns::get_link(nl, env.ifname).up()) throw Error(kGeneric, fmt::format("{} is down", env.ifname));
}

}  // namespace cni
