// SPDX-License-Identifier: GPL-2.0-or-later
// dns/records.h: what warren's DNS responder answers, read from
// warren's state: each DNS-enabled bridge network (a conflist with the
// dnsname plugin) with its gateway addresses, and on it the names of the
// containers attached there (name, --network-alias aliases, short id,
// hostname) with the addresses they have on it. A pod member answers with
// its infra's addresses. Containers count from the moment their monitor
// has attached them until it has detached them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/container_store.h"
#include "netconf/network_store.h"

namespace dns {

struct DnsName {
  std::string name;            // lower case
  std::string ip, ip6;         // on this network
};

struct DnsNetwork {
  std::string name;
  std::vector<std::string> gateways;  // where the responder listens
  bool internal = false;              // names only, nothing forwarded
  std::vector<std::string> upstream;  // network create --dns: forward there, not to the host's
  std::vector<DnsName> names;
};

struct DnsTable {
  std::vector<DnsNetwork> networks;
  bool empty() const;  // no container on any of them
};

DnsTable load_dns_table(const store::ContainerStore& store, const netconf::NetworkStore& nets);

// The names `name` has on `net` (the domain dns.podman stripped): its
// addresses; nullopt when it has none there.
std::optional<DnsName> find_name(const DnsNetwork& net, const std::string& name);
// Who has `address` on `net`.
std::optional<std::string> find_address(const DnsNetwork& net, const std::string& address);

// The servers to forward to: the host's /etc/resolv.conf (the
// systemd-resolved stub replaced by its upstreams).
std::vector<std::string> host_resolvers(const std::string& resolv = "/etc/resolv.conf");

inline constexpr const char* kDnsDomain = "dns.podman";

}  // namespace dns
