// SPDX-License-Identifier: GPL-2.0-or-later
// netconf/network_store.h: the networks in the network config dir, one
// conflist each, plus the default network, shown before its file exists
// and written when first needed. Creation picks the next free bridge
// (cni-podmanN) and, without --subnet, the next free subnet from the pools
// that neither another network nor the host (its routes and addresses)
// uses. Changes hold the dir's cni.lock, as Podman's do.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "netns/ip.h"
#include "netns/netlink.h"
#include "netns/route.h"
#include "netconf/network_config.h"
#include "config/settings.h"

namespace netconf {

struct NetworkRequest {
  std::string name;                      // empty: the bridge's name
  std::string driver = "bridge";
  std::vector<std::string> subnets, gateways, ip_ranges;
  bool ipv6 = false, internal = false, disable_dns = false;
  KeyValues labels, options;
  std::string interface_name;            // the bridge's name; empty: the next free cni-podmanN
  std::vector<std::string> dns_servers;  // --dns: where the responder forwards for this network
};

class NetworkStore {
 public:
  NetworkStore(std::string dir, config::NetworkSettings settings);

  // Every network, sorted by name; the default one even when unwritten.
  std::vector<Network> list() const;
  // By name, full id or unique id prefix.
  std::optional<Network> find(const std::string& name_or_id) const;
  Network get(const std::string& name_or_id) const;  // or Podman's "network not found"
  const std::string& default_name() const { return settings_.default_network; }

  // Writes the new network's conflist; `host_used` are the subnets of the
  // host's routes and addresses. Errors as Podman words them; nothing is
  // written on failure.
  Network create(const NetworkRequest& req, const std::vector<netns::Cidr>& host_used);
  // The network with its conflist on disk (the default network's written
  // now if it is not yet).
  Network ensure_written(const Network& n);
  // Unlinks the conflist.
  void remove(const Network& n) const;
  // network update --dns-add/--dns-drop: the servers dropped, then the
  // added appended, duplicates gone (Podman's order), written into the
  // conflist's dnsname entry in place (its time kept: it is the network's
  // creation time). Returns whether anything changed.
  bool update_dns(const Network& n, const std::vector<std::string>& add, const std::vector<std::string>& drop);

  const std::string& dir() const { return dir_; }

 private:
  std::vector<Network> read_dir() const;

  std::string dir_;
  config::NetworkSettings settings_;
};

// The subnets the host uses: its routes' destinations (but the default
// route) and its addresses' networks, in the caller's network namespace.
std::vector<netns::Cidr> host_subnets();

// The network's subnets, parsed, as networks (an unparsable one left out).
std::vector<netns::Cidr> network_subnets(const Network& n);

// A route of the main table, not the default one and not through the
// interface `own_if` (0: any), that covers or falls in one of the
// network's subnets: another interface's claim on its addresses.
struct RouteOverlap {
  netns::Route route;
  netns::Cidr subnet;
  std::string given;  // the subnet as the network gives it
};
std::vector<RouteOverlap> overlapping_routes(netns::Netlink& nl, const Network& net, int own_if);

// Before a bridge network's bridge is first made: another interface that
// already routes one of its subnets (netavark's podman0 on 10.88.0.0/16,
// say) is an error naming it and the fix, instead of a second route for
// the same addresses. `is_default`: the fix is containers.conf's
// default_subnet. Nothing is checked once the bridge is there.
void check_subnet_unclaimed(const Network& net, bool is_default);

// An interface name as the kernel takes one (dev_valid_name), else throws
// naming `what`: a name from a flag that also becomes a file name passes it first.
void check_interface_name(const std::string& name, const char* what);

}  // namespace netconf
