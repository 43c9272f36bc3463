// SPDX-License-Identifier: GPL-2.0-or-later
// netconf/container_network.h: the monitor's network steps for a
// container on bridge networks: its published host ports held, its
// networks resolved by name and attached (netconf/network_attach.h)
// before it starts, and all of it undone after it ends.
#pragma once

#include <string>
#include <vector>

#include <functional>
#include <memory>

#include "base/fd.h"
#include "netns/rule.h"
#include "rootless/forwarder.h"
#include "config/settings.h"
#include "store/container_store.h"

namespace netconf {

struct ContainerNetwork {
  std::vector<base::UniqueFd> held;    // the published host ports
  std::string netns_path;              // empty: the container makes its own (or shares the host's)
  bool owned = false;                  // made here (bridge), so removed here
  std::vector<store::NetworkStatus> networks;
  std::string host_gateway;            // host.containers.internal
  std::vector<std::string> dns_responders;  // the gateways of its DNS-enabled networks
  std::vector<std::string> own_addresses;    // beside its networks' (the user-mode stack's)
  std::string stack_dns;                     // the user-mode stack's DNS forwarder
  std::string slirp_options;                 // a rootless container's user-mode network, as given
  std::unique_ptr<rootless::Forwarder> loopback6;  // its ports on [::1] (bridge networks, as root)
  bool user_netns = false;                          // a regular user's bridge networks (monitor/user_netns.h)
  std::unique_ptr<rootless::Forwarder> forwarder;   // their published ports
  std::vector<netns::PortRule> reply_rules;         // the servers' replies to the forwarder's clients
};

// Nothing for --network none or host. Throws LaunchError (125) naming
// what failed, with nothing left behind.
// `default_gateway` is host.containers.internal for a container off networks.
// A regular user's bridge networks are set up in the user's network
// namespace, which `enter_user_netns` joins, once the published ports are
// held on the host.
ContainerNetwork setup_container_network(const store::ContainerStore& store, const store::ContainerConfig& cfg,
                                         const config::Settings& settings, const std::string& default_gateway,
                                         const std::function<void()>& enter_user_netns = {});

// A bridge container's ports published on every address or on [::1]: a
// forwarder on [::1] to its address (IPv6 if it has one, else IPv4),
// since no DNAT reaches a container from ::1. An explicit [::1] port is
// the one held since the start began; for every address, a [::1] port
// another program has is left to it. In the user's network namespace,
// every port held goes through a forwarder. Called once the container runs.
void start_loopback_forwarder(const store::ContainerConfig& cfg, ContainerNetwork& net);

// In a process forked without exec (an attached container's monitor):
// the netlink sockets the parent keeps (netns::Netlink::shared) are its
// too, and a reply read here would be one it waits for. This process's
// copies are closed; its own are opened on first use.
void forget_inherited_sockets();
// This process's nftables sockets closed once the kernel is most likely
// done with their batches (netns/nft.h): before a monitor ends, so that
// its end holds up no other container's start.
void close_sockets_settled();

// Detaches and releases; returns the failures, if any, for the log.
std::string teardown_container_network(const store::ContainerStore& store, const store::ContainerConfig& cfg,
                                       const config::Paths& paths, ContainerNetwork& net);

}  // namespace netconf
