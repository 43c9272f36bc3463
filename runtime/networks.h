// SPDX-License-Identifier: GPL-2.0-or-later
// runtime/networks.h: what changes a network or a container's place on
// one: network connect and disconnect (under the container's lock, so
// that its monitor, recording the end, tears down exactly the networks it
// is on), network rm, and the drift repair of warren's nftables table.
#pragma once

#include <string>
#include <vector>

#include "config/settings.h"
#include "netconf/network_store.h"
#include "store/container_store.h"

namespace runtime {

// The network store of the settings' config dir.
netconf::NetworkStore network_store(const config::Settings& settings);

// Puts warren's nftables table back as libcni's cache says, if it drifted
// (logged at info); the network commands that change what containers have
// call it first.
void repair_drift(const config::Settings& settings);

// network reload: the drift repair, and the DNS responder started again
// when one of `running` is on a network with DNS and none answers.
void reload_networks(const config::Settings& settings, const store::ContainerStore& store,
                     const std::vector<store::Container>& running);

// Before a start: for each of the container's bridge networks whose
// bridge is not there yet (its first container), the one-line warning of
// another table's forward drop, unless containers.conf's forward_accept
// deals with it.
std::vector<std::string> network_warnings(const config::Settings& settings, const store::ContainerConfig& c);

// network update --dns-add/--dns-drop: the network's servers changed in
// its conflist, and the running responder told at once.
void update_network_dns(const config::Settings& settings, const store::ContainerStore& store, const netconf::Network& net,
                        const std::vector<std::string>& add, const std::vector<std::string>& drop);

// Attaches the container to `net`: at once when it runs (its next free
// ethN, its /etc files and the DNS responder following), and in its record
// for every later start. Already there is fine, as Podman's.
void connect_network(const config::Settings& settings, const store::ContainerStore& store, const netconf::Network& net,
                     const std::string& container, store::NetworkAttachment attachment);

// The reverse; with `force`, off the records even when the plugins fail.
void disconnect_network(const config::Settings& settings, const store::ContainerStore& store, const netconf::Network& net,
                        const std::string& container, bool force);

// The containers whose records name the network.
std::vector<store::Container> users_of(const store::ContainerStore& store, const std::string& network);

// A network no container uses: its conflist, its bridge, its leases.
void remove_network(const config::Settings& settings, const netconf::NetworkStore& nets, const netconf::Network& net);

// For system reset, once no container is left: the run directory's
// namespace mount point goes, so that the directory can be removed.
void release_run_mounts(const config::Settings& settings);

}  // namespace runtime
