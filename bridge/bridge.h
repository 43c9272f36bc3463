// SPDX-License-Identifier: GPL-2.0-or-later
// bridge/bridge.h: the bridge plugin's work, as containernetworking's
// reference bridge does it: ensure the bridge, a veth pair with its peer
// in the container's namespace, addresses and routes there, the gateway
// address on the bridge, and masquerade through portmap/. Typed in and
// out: parsing and CNI results are cni/'s business.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bridge/host_local.h"
#include "netns/ip.h"
#include "netns/link.h"
#include "netns/namespace.h"
#include "netns/netlink.h"

namespace bridge {

struct BridgeConfig {
  std::string bridge = "cni0";
  unsigned mtu = 0;
  bool promisc = false;
  bool is_gateway = false;
  bool is_default_gateway = false;
  bool force_address = false;
  bool ip_masq = false;
  bool hairpin = false;
  uint16_t vlan = 0;  // 0: none; else the VLAN of the container's port
};

struct AttachSpec {
  BridgeConfig conf;
  std::string owner;           // tags the attachment's masquerade elements
  std::string ifname;          // the container's interface
  const netns::Namespace* ns;  // the container's network namespace
  std::vector<IpConfig> ips;   // from IPAM
  std::vector<Route> routes;   // from IPAM
  std::optional<netns::MacAddress> mac;
  netns::Netlink* ctr = nullptr;  // a socket in ns the caller already has, or null
};

struct Interface {
  std::string name;
  std::string mac;
  std::string sandbox;  // the netns path, for the container's interface
  unsigned mtu = 0;
};

struct Attached {
  std::vector<Interface> interfaces;  // bridge, host veth, container interface
  std::vector<IpConfig> ips;          // gateways filled in by isGateway
  std::vector<Route> routes;          // with the default route of isDefaultGateway
};

// `host` is a rtnetlink socket in the host namespace, `nft` a netfilter
// one there. A failure removes the veth it made.
Attached attach(netns::Netlink& host, netns::Netlink& nft, const AttachSpec& spec);

// Throws if `ifname` already exists in `ns` (checked before IPAM runs, so
// a repeated ADD takes no second address). Returns the socket it opened in
// `ns`, for AttachSpec::ctr.
netns::Netlink check_new_interface(const netns::Namespace& ns, const std::string& ifname);

// Remove the container's interface (and with it the host veth) and the
// masquerade; every part may already be gone. `ns` may be null (gone).
// `addrs` (from the cached result, if any) make the masquerade's removal
// a lookup per element rather than a search.
void detach(netns::Netlink& nft, const BridgeConfig& conf, const std::string& owner,
            const std::string& ifname, const netns::Namespace* ns, const std::vector<netns::Cidr>& addrs = {});

// Throws an error naming the first thing that is not as `expected` says.
void check(netns::Netlink& host, netns::Netlink& nft, const AttachSpec& spec);

}  // namespace bridge
