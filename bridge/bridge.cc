// SPDX-License-Identifier: GPL-2.0-or-later
// bridge/bridge.cc: attach, detach and check a container on a bridge.
#include "bridge/bridge.h"

#include <linux/if.h>
#include <sys/socket.h>

#include <cerrno>
#include <optional>

#include "base/error.h"
#include "base/log.h"
#include "base/random.h"
#include "base/scope.h"
#include "netns/addr.h"
#include "netns/route.h"
#include "netns/sysctl.h"
#include "portmap/masquerade.h"

namespace bridge {

using netns::Cidr;
using netns::IpAddress;
using netns::Netlink;

namespace {

std::string random_veth_name() {
  return fmt::format("veth{:08x}", static_cast<uint32_t>(base::random_u64()));
}

std::string mac_of(const netns::Link& l) { return l.mac ? l.mac->str() : ""; }

netns::Link ensure_bridge(Netlink& nl, const BridgeConfig& c) {
  auto br = netns::find_link(nl, c.bridge);
  if (!br) {
    try {
      // An address of its own (the gateway's MAC never changes under the
      // containers) and no multicast snooping (multicast as on a plain
      // switch): a port coming or going then costs the same at any size.
      netns::create_bridge(nl, {.name = c.bridge, .mtu = c.mtu, .vlan_filtering = c.vlan != 0,
                                .mac = netns::MacAddress::random_local(), .multicast_snooping = false});
      // Ours from birth: no IPv6 DAD, so the gateway's link-local address
      // answers the first container at once rather than a second later.
      std::string dad = fmt::format("net/ipv6/conf/{}/accept_dad", c.bridge);
      if (netns::read_sysctl(dad)) netns::write_sysctl(dad, "0");
    } catch (const base::Error& e) {
      if (e.err() != EEXIST) throw;  // made by a concurrent ADD: fine
    }
    br = netns::get_link(nl, c.bridge);
  }
  if (br->kind != "bridge") throw base::error("{} already exists but is not a bridge", c.bridge);
  // VLAN filtering only ever goes on: other attachments may rely on it.
  if (c.vlan && !br->vlan_filtering) netns::set_vlan_filtering(nl, c.bridge, true);
  if (!br->up() || (c.promisc && !(br->flags & IFF_PROMISC))) {
    netns::LinkChange ch{.up = true};
    if (c.promisc) ch.promisc = true;
    netns::change_link(nl, *br, ch);
  }
  return *br;
}

// The gateway address on the bridge, as isGateway asks. Another address of
// the same family in the same subnet is an error unless forceAddress.
void ensure_gateway_address(Netlink& nl, const netns::Link& br, const IpConfig& ip, bool force) {
  Cidr want(*ip.gateway, ip.address.prefix());
  for (const auto& a : netns::list_addresses(nl, br.index, want.family())) {
    if (a.cidr == want) return;
    if (a.cidr.network() == want.network() || want.network().contains(a.cidr.addr())) {
      if (!force) {
        throw base::error("\"{}\" already has an IP address different from {}", br.name, want.str());
      }
      netns::delete_address(nl, br.index, a.cidr);
    }
  }
  try {
    // A tentative gateway would leave new containers without a way out.
    netns::add_address(nl, br.index, want, true);
  } catch (const base::Error& e) {
    if (e.err() != EEXIST) throw;
  }
}

// A bridge port needs no IPv6 of its own (frames are bridged whatever it
// has): without it the port does no DAD, sends no router solicitations and
// adds no multicast route to the host's table, all work that grows with the
// number of containers on the host. Set before the port is up.
void disable_ipv6(const std::string& port) {
  try {
    netns::write_sysctl(fmt::format("net/ipv6/conf/{}/disable_ipv6", port), "1");
  } catch (const base::Error& e) {
    if (e.err() != ENOENT) throw;  // a host without IPv6: nothing to disable
  }
}

void enable_forwarding(int family) {
  const char* key = family == AF_INET ? "net.ipv4.ip_forward" : "net.ipv6.conf.all.forwarding";
  if (netns::read_sysctl(key) != "1") netns::write_sysctl(key, "1");
}

// Addresses and routes inside the container, on its interface `index`.
void configure_container(Netlink& c, int index, const AttachSpec& spec, const std::vector<Route>& routes) {
  bool v6 = false;
  for (const auto& ip : spec.ips) v6 = v6 || !ip.address.addr().is_v4();
  if (v6) {
    // No duplicate address detection: the address is ours by IPAM, and
    // DAD would hold it "tentative" for seconds after the container starts.
    netns::write_sysctl(fmt::format("net/ipv6/conf/{}/accept_dad", spec.ifname), "0", spec.ns);
  } else {
    // An IPv4-only attachment gets no IPv6 link-local address either: its
    // DAD and router solicitations would be flooded to every port of the
    // bridge, work that grows with the number of containers on it.
    netns::change_link(c, netns::get_link(c, spec.ifname), {.ipv6_link_local = false});
  }
  for (const auto& ip : spec.ips) netns::add_address(c, index, ip.address);
  netns::set_link_up(c, spec.ifname);
  std::optional<IpAddress> gw4, gw6;
  for (const auto& ip : spec.ips) {
    if (!ip.gateway) continue;
    auto& gw = ip.address.addr().is_v4() ? gw4 : gw6;
    if (!gw) gw = ip.gateway;
  }
  for (const auto& r : routes) {
    netns::Route route;
    route.dst = r.dst.network();
    route.oif = index;
    route.gateway = r.gw ? r.gw : (r.dst.addr().is_v4() ? gw4 : gw6);
    try {
      netns::add_route(c, route);
    } catch (const base::Error& e) {
      // A container on several networks: the first default route wins, as
      // with the reference plugin.
      if (e.err() != EEXIST) throw;
    }
  }
}

std::vector<Cidr> addresses(const std::vector<IpConfig>& ips) {
  std::vector<Cidr> out;
  for (const auto& ip : ips) out.push_back(ip.address);
  return out;
}

}  // namespace

Netlink check_new_interface(const netns::Namespace& ns, const std::string& ifname) {
  Netlink ctr = Netlink::open_in(ns);
  if (netns::find_link(ctr, ifname)) throw base::error("container veth name provided ({}) already exists", ifname);
  return ctr;
}

Attached attach(Netlink& host, Netlink& nft, const AttachSpec& spec) {
  const BridgeConfig& c = spec.conf;
  netns::Link br = ensure_bridge(host, c);
  // A socket in the container's namespace: the caller's, or one opened
  // here (each is a helper thread's round trip).
  std::optional<Netlink> own;
  if (!spec.ctr) own.emplace(Netlink::open_in(*spec.ns));
  Netlink& ctr = spec.ctr ? *spec.ctr : *own;
  if (netns::find_link(ctr, spec.ifname)) {
    throw base::error("container veth name provided ({}) already exists", spec.ifname);
  }
  std::string host_veth = random_veth_name();
  // Both ends' addresses chosen here (as the kernel would, at random), so
  // nothing needs reading back.
  netns::MacAddress host_mac = netns::MacAddress::random_local();
  netns::MacAddress ctr_mac = spec.mac ? *spec.mac : netns::MacAddress::random_local();
  // Enslaved at creation: one request fewer.
  netns::create_veth(host, {.name = host_veth, .peer = spec.ifname, .peer_ns = spec.ns, .mtu = c.mtu,
                            .mac = host_mac, .peer_mac = ctr_mac, .master = br.index});
  auto undo = base::on_failure([&] { netns::delete_link(host, host_veth); });
  disable_ipv6(host_veth);
  if (c.vlan) netns::add_port_vlan(host, host_veth, c.vlan);

  Attached out;
  out.ips = spec.ips;
  out.routes = spec.routes;
  bool default_gw = c.is_default_gateway;
  if (default_gw) {
    for (const auto& ip : spec.ips) {
      bool v4 = ip.address.addr().is_v4();
      bool have = false;
      for (const auto& r : out.routes) have = have || (r.dst.prefix() == 0 && r.dst.addr().is_v4() == v4);
      if (!have) out.routes.push_back({*Cidr::parse(v4 ? "0.0.0.0/0" : "::/0"), std::nullopt});
    }
  }
  netns::Link eth = netns::get_link(ctr, spec.ifname);
  configure_container(ctr, eth.index, spec, out.routes);
  // The host end goes up (with its hairpin mode, in one request) once the
  // container's side is configured: frames flow from then on.
  netns::LinkChange up{.up = true};
  if (c.hairpin) up.hairpin = true;
  netns::change_link(host, host_veth, up);

  if (c.is_gateway || default_gw) {
    // The gateway answers on the container's VLAN: the bridge itself joins
    // it untagged (one gateway VLAN per bridge; no 802.1q device needed).
    if (c.vlan) netns::add_port_vlan(host, c.bridge, c.vlan, true);
    for (const auto& ip : spec.ips) {
      if (!ip.gateway) continue;
      ensure_gateway_address(host, br, ip, c.force_address);
      enable_forwarding(ip.address.family());
    }
  }
  if (c.ip_masq) portmap::setup_masquerade(nft, spec.owner, addresses(spec.ips), c.bridge);
  undo.dismiss();

  // The bridge's MTU follows its smallest port unless set: read it now.
  netns::Link br_now = netns::get_link(host, c.bridge);
  out.interfaces = {{c.bridge, mac_of(br_now), "", br_now.mtu},
                    {host_veth, host_mac.str(), "", eth.mtu},
                    {spec.ifname, ctr_mac.str(), spec.ns->path(), eth.mtu}};
  LOG_DEBUG("bridge: attached {} ({}) to {}", spec.ifname, host_veth, c.bridge);
  return out;
}

void detach(Netlink& nft, const BridgeConfig& conf, const std::string& owner, const std::string& ifname,
            const netns::Namespace* ns, const std::vector<Cidr>& addrs) {
  base::Errors errs;
  // Masquerade goes by its tag, so it goes even when the netns and the
  // address are long gone (the reference's #810 leaves it behind).
  if (conf.ip_masq) errs.collect([&] { portmap::teardown_masquerade(nft, owner, addrs, conf.bridge); });
  if (ns) {
    errs.collect([&] {
      Netlink ctr = Netlink::open_in(*ns);
      netns::delete_link(ctr, ifname);  // its host peer goes with it
    });
  }
  errs.throw_if_any(fmt::format("detach {} from {}", ifname, conf.bridge));
}

void check(Netlink& host, Netlink& nft, const AttachSpec& spec) {
  auto br = netns::find_link(host, spec.conf.bridge);
  if (!br) throw base::error("bridge {} is missing", spec.conf.bridge);
  if (br->kind != "bridge") throw base::error("{} is not a bridge", spec.conf.bridge);
  Netlink ctr = Netlink::open_in(*spec.ns);
  auto eth = netns::find_link(ctr, spec.ifname);
  if (!eth) throw base::error("interface {} is missing in {}", spec.ifname, spec.ns->path());
  if (eth->kind != "veth") throw base::error("interface {} is not a veth", spec.ifname);
  // The host end is the peer whose index the container end names.
  auto peer = netns::find_link(host, eth->link);
  if (!peer || peer->master != br->index) {
    throw base::error("the host end of {} is not on bridge {}", spec.ifname, spec.conf.bridge);
  }
  auto have = netns::list_addresses(ctr, eth->index);
  for (const auto& ip : spec.ips) {
    bool found = false;
    for (const auto& a : have) found = found || a.cidr == ip.address;
    if (!found) throw base::error("address {} is missing on {}", ip.address.str(), spec.ifname);
  }
  auto routes = netns::list_routes(ctr);
  for (const auto& r : spec.routes) {
    bool found = false;
    for (const auto& k : routes) found = found || (k.dst.network() == r.dst.network() && k.oif == eth->index);
    if (!found) throw base::error("route {} is missing in {}", r.dst.network().str(), spec.ns->path());
  }
  if (spec.conf.ip_masq && !portmap::has_masquerade(nft, spec.owner, addresses(spec.ips), spec.conf.bridge)) {
    throw base::error("masquerade for {} is missing", spec.owner);
  }
}

}  // namespace bridge
