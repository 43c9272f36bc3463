// SPDX-License-Identifier: GPL-2.0-or-later
// netconf/network_attach.h: a container on its networks. Its network
// namespace is made and bind-mounted at RUNROOT/netns/ID (so that exec,
// pods and teardown reach it after any process), then each network's
// conflist runs (CNI ADD, interfaces eth0, eth1, ...), the published ports
// going to the first network's portmap. A failed ADD undoes the earlier
// ones. Teardown runs DEL in reverse from the conflists saved at attach
// (the network may have been removed since), and removes the namespace.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "store/container_store.h"
#include "config/paths.h"
#include "netns/nft.h"
#include "netconf/network_config.h"

namespace netconf {

// Where CNI's plugins are, and its state (libcni's result cache, and
// host-local's leases under networks/): both from the settings, the same
// at ADD and at DEL.
struct CniDirs {
  std::vector<std::string> plugin_dirs;
  std::string state_dir;
  static CniDirs of(const config::Paths& p) { return {p.cni_plugin_dirs, p.cni_state_dir}; }
};

struct AttachRequest {
  std::string container_id, container_name;
  std::string netns_dir;   // RUNROOT/netns
  std::string saved_dir;   // where the conflists are kept for teardown (the container's run dir)
  CniDirs cni;
  std::vector<std::pair<Network, store::NetworkAttachment>> networks;
  std::vector<store::PublishedPort> ports;
};

struct Attached {
  std::string netns_path;
  std::vector<store::NetworkStatus> networks;
};

// All or nothing; throws naming the network that failed.
Attached attach_networks(const AttachRequest& req);

// One more network on a running container's namespace (network connect):
// interface `ifname`, no published ports. Throws naming the network.
store::NetworkStatus attach_one(const AttachRequest& req, const std::string& netns_path, const std::string& ifname);

// Takes one network off (network disconnect); throws on failure.
void detach_one(const std::string& container_id, const std::string& netns_path, const std::string& saved_dir,
                const CniDirs& cni, const store::NetworkStatus& network);

// Best effort and idempotent: every step runs even if one fails; the
// failures are returned, joined, for the log.
std::string detach_networks(const std::string& container_id, const std::string& netns_dir, const std::string& saved_dir,
                            const CniDirs& cni, const std::vector<store::NetworkStatus>& networks);

// Puts warren's nftables table back as the result cache says, if it
// drifted; returns what was repaired (empty: nothing had drifted).
std::string repair_firewall(const CniDirs& cni);

// warren's own nftables table (inet warren), the one table it writes.
netns::nft::TableRef firewall_table();

// What differs between warren's table and the cache (empty: nothing); reads only.
std::string firewall_drift(const CniDirs& cni);

// The host end of a container's attachment (its veth on the bridge), as
// cached at ADD; empty when nothing is cached.
std::string host_end(const CniDirs& cni, const Network& net, const std::string& container_id, const std::string& ifname);

// What a removed network leaves on the host: its bridge and its leases.
void remove_network_leftovers(const Network& net, const CniDirs& cni);
// Its leases alone (its bridge is gone with the namespace it was in).
void remove_network_leases(const Network& net, const CniDirs& cni);

}  // namespace netconf
