// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/ports.h: published ports as map elements: (proto . host port),
// or (host address . proto . host port) for a mapping bound to one
// address, to (container address . container port). One element per port,
// a range being a run of them, tagged with the attachment that owns it.
// Every attachment, ports or not, also puts (address . bridge) in the
// hairpin set, for its neighbours' published ports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "netns/ip.h"
#include "netns/netlink.h"
#include "portmap/owned.h"

namespace portmap {

struct PortMapping {
  uint16_t host_port = 0;
  uint16_t container_port = 0;
  std::string protocol = "tcp";  // tcp, udp, sctp
  std::optional<netns::IpAddress> host_ip;  // none, 0.0.0.0 or ::: every local address
};

// IANA protocol number; nullopt for anything but tcp, udp, sctp.
std::optional<uint8_t> protocol_number(const std::string& name);

struct PortsSpec {
  std::string owner;
  std::vector<PortMapping> mappings;
  std::vector<netns::Cidr> addrs;  // the container's, with their prefix
  std::string host_if;             // the host interface towards the container (the bridge)
};

// The elements for `spec`; errors name a mapping no address can serve.
Entries port_entries(const PortsSpec& spec);

// Add the elements (all or nothing), make 127.0.0.1 work through host_if
// (route_localnet), and flush conntrack for published UDP ports. A host
// port published by someone else is an error naming it and its owner.
// Sockets and sysctls are the host namespace's (the caller's).
void setup_ports(netns::Netlink& nfnl, const PortsSpec& spec);

// Remove `owner`'s elements, flush their UDP conntrack, and turn
// route_localnet off on host_if once no published port is behind it.
void teardown_ports(netns::Netlink& nfnl, netns::Netlink& rtnl, const std::string& owner, const std::string& host_if);
// The same, knowing the mappings and addresses: each element is looked
// up alone instead of searching the maps for the tag.
void teardown_ports(netns::Netlink& nfnl, netns::Netlink& rtnl, const PortsSpec& spec);

bool has_ports(netns::Netlink& nfnl, const PortsSpec& spec);

}  // namespace portmap
