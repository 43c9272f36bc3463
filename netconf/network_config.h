// SPDX-License-Identifier: GPL-2.0-or-later
// netconf/network_config.h: a network as `network inspect` shows it, and
// the CNI conflist it lives in. Written in the shape Podman 4.3's CNI
// backend writes (bridge + host-local, portmap, firewall, tuning; labels
// and options under "args"); read from any conflist as Podman reads one.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cni/config.h"

namespace netconf {

struct LeaseRange {
  std::string start, end;
};

struct Subnet {
  std::string subnet;   // 10.89.0.0/24
  std::string gateway;  // may be empty (macvlan without one)
  std::optional<LeaseRange> lease;
};

using KeyValues = std::vector<std::pair<std::string, std::string>>;

struct Network {
  std::string name;
  std::string id;                  // sha256 of the name, as Podman's CNI backend
  std::string driver = "bridge";   // bridge, macvlan, ipvlan
  std::string interface;           // the bridge, or the macvlan/ipvlan parent
  std::string created;             // RFC 3339
  std::vector<Subnet> subnets;
  bool ipv6 = false;
  bool internal = false;
  bool dns = false;
  std::vector<std::string> dns_servers;  // the responder forwards there (else to the host's)
  KeyValues labels, options;
  std::string ipam_driver = "host-local";
  std::string path;                // its conflist; empty until written
};

// Podman's network id for a name.
std::string network_id(const std::string& name);

// The conflist text for `n` (3-space indented JSON, as Podman writes it).
std::string network_conflist(const Network& n);

// The network a conflist describes. `created` is the file's time.
Network network_from_conflist(const cni::Conflist& list, const std::string& created);

// The built-in default: podman, cni-podman0, 10.88.0.0/16 (the name and
// subnet as settings give them).
Network default_network(const std::string& name, const std::string& subnet);

}  // namespace netconf
