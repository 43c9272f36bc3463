// SPDX-License-Identifier: GPL-2.0-or-later
// netconf/container_network.cc: ports held, networks attached, undone.
#include "netconf/container_network.h"

#include <linux/rtnetlink.h>
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

#include "base/error.h"
#include "config/paths.h"
#include "netns/netlink.h"
#include "netns/nft.h"
#include "netns/addr.h"
#include "netns/link.h"
#include "portmap/table.h"
#include "rootless/probe.h"
#include "rootless/slirp_stack.h"
#include "netconf/forward_policy.h"
#include "netconf/network_attach.h"
#include "netconf/network_store.h"
#include "netconf/publish.h"

namespace netconf {

namespace {

// The host's first global IPv4 address: what a rootless container calls
// host.containers.internal.
std::string host_address() {
  try {
    netns::Netlink nl = netns::Netlink::open();
    for (const auto& a : netns::list_addresses(nl, 0, AF_INET)) {
      if (a.scope == RT_SCOPE_UNIVERSE) return a.cidr.addr().str();
    }
  } catch (const base::Error&) {
  }
  return "";
}

// Every held port (SCTP is not held) to the container's address, from
// the user's network namespace, where the monitor is.
void start_user_netns_forwarder(const store::ContainerConfig& cfg, ContainerNetwork& net, const std::string& target) {
  std::vector<rootless::ForwardedPort> ports;
  size_t k = 0;
  for (const auto& p : cfg.ports) {
    if (p.protocol == "sctp") continue;
    for (uint16_t i = 0; i < p.range && k < net.held.size(); ++i) {
      ports.push_back({std::move(net.held[k++]), static_cast<uint16_t>(p.container_port + i), p.protocol == "udp"});
    }
  }
  if (ports.empty() || target.empty()) return;
  // The client's address kept: what the server sends from its ports goes
  // to this namespace's local table, where the transparent sockets are.
  auto ip = netns::IpAddress::parse(target);
  if (ip && ip->is_v4()) {
    netns::Netlink nl = netns::Netlink::open();  // here, in the user's namespace
    constexpr uint32_t kTable = 100;
    netns::add_local_table(nl, AF_INET, kTable, netns::get_link(nl, "lo").index);
    for (const auto& p : cfg.ports) {
      if (p.protocol == "sctp") continue;
      uint8_t proto = p.protocol == "udp" ? IPPROTO_UDP : IPPROTO_TCP;
      netns::PortRule rule{*ip, false, proto, p.container_port, static_cast<uint16_t>(p.container_port + p.range - 1), kTable, 100};
      auto same = [&](const netns::PortRule& r) { return r.ipproto == proto && r.sport_first == rule.sport_first && r.sport_last == rule.sport_last; };
      if (std::any_of(net.reply_rules.begin(), net.reply_rules.end(), same)) continue;  // two host ports, one server
      try {
        netns::delete_rule(nl, rule);  // a killed monitor's, for the same address and port
      } catch (const base::Error&) {
      }
      netns::add_rule(nl, rule);
      net.reply_rules.push_back(rule);
    }
  }
  net.forwarder = std::make_unique<rootless::Forwarder>(std::move(ports), rootless::connect_keeping_source, target);
}

}  // namespace

ContainerNetwork setup_container_network(const store::ContainerStore& store, const store::ContainerConfig& cfg,
                                         const config::Settings& settings, const std::string& default_gateway,
                                         const std::function<void()>& enter_user_netns) {
  ContainerNetwork out;
  // host.containers.internal is the first network's gateway; without one,
  // the default network's, as Podman 4.3 writes it.
  out.host_gateway = default_gateway;
  if (cfg.network.is_slirp()) {
    // A regular user's automatic network: the monitor's user-mode stack.
    // The host is host.containers.internal by its own address.
    out.slirp_options = cfg.network.arg;
    try {
      auto a = rootless::slirp_addresses(rootless::parse_slirp_options(out.slirp_options));
      out.own_addresses.push_back(a.container_cidr.substr(0, a.container_cidr.find('/')));
      out.stack_dns = a.dns;
    } catch (const base::Error& e) {
      throw base::LaunchError(125, e);
    }
    out.host_gateway = host_address();
    // Its published ports, held now: one in use fails the start here.
    try {
      out.held = hold_host_ports(cfg.ports, true);  // the forwarder's listeners
    } catch (const base::Error& e) {
      throw base::LaunchError(base::kExitCannotInvoke, e);
    }
    return out;
  }
  if (cfg.network.is_ns()) {
    out.netns_path = cfg.network.arg;
    return out;
  }
  if (cfg.network.is_container()) {
    // Its namespace's bind mount when it has one, else its process's.
    std::string id = cfg.network.arg;
    auto other = store.find(id);
    std::string mounted = store.runroot() + "/netns/" + id;
    // (A regular user's mounts are in the user's network namespace's own mount namespace.)
    if (!settings.paths.rootless && ::access(mounted.c_str(), F_OK) == 0) {
      out.netns_path = mounted;
    } else if (other && store.live_state(*other).status == "running") {
      out.netns_path = "/proc/" + std::to_string(other->state.pid) + "/ns/net";
    } else {
      throw base::LaunchError(125, 0, fmt::format("cannot join the network namespace of container {}: it is not running", id));
    }
    return out;
  }
  if (!cfg.network.is_bridge()) return out;
  out.user_netns = settings.paths.rootless;
  try {
    try {
      // A port in use: Podman's 126, as any start failure. A regular
      // user's are the forwarder's listeners.
      out.held = hold_host_ports(cfg.ports, out.user_netns);
    } catch (const base::Error& e) {
      throw base::LaunchError(base::kExitCannotInvoke, e);
    }
    if (out.user_netns) {
      out.host_gateway = host_address();  // the host, as the user-mode stack reaches it
      enter_user_netns();
    }
    // A table gone altogether (`nft flush ruleset`, a firewall reload) is
    // put back whole, with every container's entries, before this one adds
    // its own: one netlink request when it is there.
    if (!portmap::table_exists(netns::Netlink::shared(NETLINK_NETFILTER))) repair_firewall(CniDirs::of(settings.paths));
    NetworkStore nets(settings.paths.network_config_dir, settings.conf);
    AttachRequest req;
    req.container_id = cfg.id;
    req.container_name = cfg.name;
    req.netns_dir = store.runroot() + "/netns";
    req.saved_dir = store.run_dir(cfg.id);
    req.cni = CniDirs::of(settings.paths);
    for (const auto& a : cfg.networks) {
      Network given = nets.get(a.name);
      check_subnet_unclaimed(given, given.name == nets.default_name());
      Network n = nets.ensure_written(given);
      for (const auto& s : n.subnets) {
        if (n.dns && !s.gateway.empty()) out.dns_responders.push_back(s.gateway);
      }
      // The opt-in: accepts where another table would drop the network's packets.
      if (settings.conf.forward_accept && !out.user_netns) accept_forwarding(n);
      req.networks.emplace_back(n, a);
    }
    if (!out.user_netns) req.ports = cfg.ports;  // else forwarded (start_loopback_forwarder)
    Attached attached = attach_networks(req);
    out.netns_path = attached.netns_path;
    out.owned = true;
    out.networks = attached.networks;
    if (!out.user_netns && !out.networks.empty() && !out.networks.front().gateway.empty()) {
      out.host_gateway = out.networks.front().gateway;
    }
  } catch (const base::LaunchError&) {
    throw;
  } catch (const base::Error& e) {
    throw base::LaunchError(125, e);
  }
  return out;
}

void start_loopback_forwarder(const store::ContainerConfig& cfg, ContainerNetwork& net) {
  if (!cfg.network.is_bridge() || net.networks.empty()) return;
  const store::NetworkStatus& first = net.networks.front();
  if (net.user_netns) {
    start_user_netns_forwarder(cfg, net, first.ip.empty() ? first.ip6 : first.ip);
    return;
  }
  std::string target = first.ip6.empty() ? first.ip : first.ip6;
  if (target.empty()) return;
  std::vector<rootless::ForwardedPort> ports;
  size_t k = 0;  // net.held follows cfg.ports, SCTP left out (hold_host_ports)
  for (const auto& p : cfg.ports) {
    if (p.protocol == "sctp") continue;
    bool udp = p.protocol == "udp";
    for (uint16_t i = 0; i < p.range; ++i, ++k) {
      uint16_t container_port = static_cast<uint16_t>(p.container_port + i);
      if (p.host_ip == "::1") {
        // Held since the start began: the forwarder takes it over.
        if (k < net.held.size()) ports.push_back({std::move(net.held[k]), container_port, udp});
        continue;
      }
      if (!p.host_ip.empty() && p.host_ip != "::") continue;
      store::PublishedPort one{"::1", static_cast<uint16_t>(p.host_port + i), container_port, p.protocol, 1};
      try {
        auto held = hold_host_ports({one}, true);
        ports.push_back({std::move(held.front()), container_port, udp});
      } catch (const base::Error&) {
        // Another program has [::1] on that port: it keeps it.
      }
    }
  }
  if (!ports.empty()) net.loopback6 = std::make_unique<rootless::Forwarder>(std::move(ports), rootless::connect_from_host, target);
}

std::string teardown_container_network(const store::ContainerStore& store, const store::ContainerConfig& cfg,
                                       const config::Paths& paths, ContainerNetwork& net) {
  std::string errors;
  if (net.owned) {
    errors = detach_networks(cfg.id, store.runroot() + "/netns", store.run_dir(cfg.id), CniDirs::of(paths), net.networks);
  }
  net.loopback6.reset();
  net.forwarder.reset();
  if (!net.reply_rules.empty()) {
    try {
      netns::Netlink nl = netns::Netlink::open();  // one socket for all of them
      for (const auto& rule : net.reply_rules) netns::delete_rule(nl, rule);
    } catch (const base::Error& e) {
      errors += (errors.empty() ? "" : "; ") + std::string(e.what());
    }
  }
  net.reply_rules.clear();
  net.held.clear();
  net.netns_path.clear();
  return errors;
}

void forget_inherited_sockets() { netns::Netlink::forget_shared(); }
void close_sockets_settled() { netns::nft::close_shared_settled(); }

}  // namespace netconf
