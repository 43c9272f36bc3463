// SPDX-License-Identifier: GPL-2.0-or-later
// cni/plugin_portmap.cc: the portmap and firewall plugins. Both are
// chained: the container's addresses and the host interface come from
// prevResult; the work is portmap/'s elements.
#include <sys/socket.h>

#include <fmt/format.h>

#include "base/error.h"
#include "cni/attachment.h"
#include "cni/error.h"
#include "cni/plugins.h"
#include "netns/netlink.h"
#include "portmap/firewall.h"
#include "portmap/ports.h"

namespace cni {

namespace {

Result chained(const base::json::Value& conf, const char* plugin) {
  auto prev = prev_result(conf);
  if (!prev) throw Error(kInvalidConfig, fmt::format("{} must be called as a chained plugin: no prevResult", plugin));
  return *prev;
}

}  // namespace

Result PortmapPlugin::add(const base::json::Value& conf, const Env& env) {
  Result r = chained(conf, "portmap");
  portmap::PortsSpec spec{owner_tag(conf, env), port_mappings(conf), container_addresses(r, env), host_interface(r)};
  netns::Netlink& nft = netns::Netlink::shared(NETLINK_NETFILTER);
  portmap::setup_ports(nft, spec);
  return r;
}

void PortmapPlugin::del(const base::json::Value& conf, const Env& env) {
  portmap::PortsSpec spec{owner_tag(conf, env), port_mappings(conf), {}, {}};
  if (auto prev = prev_result(conf)) {
    spec.addrs = container_addresses(*prev, env);
    spec.host_if = host_interface(*prev);
  }
  netns::Netlink& nft = netns::Netlink::shared(NETLINK_NETFILTER);
  netns::Netlink& rtnl = netns::Netlink::shared();
  portmap::teardown_ports(nft, rtnl, spec);
}

void PortmapPlugin::check(const base::json::Value& conf, const Env& env) {
  Result r = chained(conf, "portmap");
  portmap::PortsSpec spec{owner_tag(conf, env), port_mappings(conf), container_addresses(r, env), host_interface(r)};
  netns::Netlink& nft = netns::Netlink::shared(NETLINK_NETFILTER);
  if (!portmap::has_ports(nft, spec)) throw Error(kGeneric, fmt::format("published ports of {} are missing", spec.owner));
}

Result FirewallPlugin::add(const base::json::Value& conf, const Env& env) {
  Result r = chained(conf, "firewall");
  netns::Netlink& nft = netns::Netlink::shared(NETLINK_NETFILTER);
  portmap::setup_firewall(nft, owner_tag(conf, env), container_addresses(r, env), host_interface(r),
                          base::json::boolean(conf, "internal", false, "firewall config"));
  return r;
}

void FirewallPlugin::del(const base::json::Value& conf, const Env& env) {
  std::vector<netns::Cidr> addrs;
  std::string bridge;
  if (auto prev = prev_result(conf)) {
    addrs = container_addresses(*prev, env);
    bridge = host_interface(*prev);
  }
  netns::Netlink& nft = netns::Netlink::shared(NETLINK_NETFILTER);
  portmap::teardown_firewall(nft, owner_tag(conf, env), addrs, bridge,
                             base::json::boolean(conf, "internal", false, "firewall config"));
}

void FirewallPlugin::check(const base::json::Value& conf, const Env& env) {
  Result r = chained(conf, "firewall");
  netns::Netlink& nft = netns::Netlink::shared(NETLINK_NETFILTER);
  if (!portmap::has_firewall(nft, owner_tag(conf, env), container_addresses(r, env), host_interface(r),
                             base::json::boolean(conf, "internal", false, "firewall config"))) {
    throw Error(kGeneric, fmt::format("firewall entries of {} are missing", owner_tag(conf, env)));
  }
}

}  // namespace cni
