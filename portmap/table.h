// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/table.h: warren's one nftables table, `inet warren`: its chains,
// sets, maps and the constant rules that consult them. Per-container state
// lives only in elements, never in rules, so a packet costs one lookup per
// map whatever the number of containers. No other table is ever touched.
#pragma once

#include <string>
#include <vector>

#include "netns/netlink.h"
#include "netns/nft.h"

namespace portmap {

inline const netns::nft::TableRef kTable{NFPROTO_INET, "warren"};

// Masquerade (bridge ipMasq).
inline constexpr const char* kMasq4 = "masq4";            // container addresses
inline constexpr const char* kMasq4Skip = "masq4_skip";   // (container . its bridge): within its network
inline constexpr const char* kMasq6 = "masq6";
inline constexpr const char* kMasq6Skip = "masq6_skip";
// Published ports (portmap).
inline constexpr const char* kPorts4 = "ports4";          // proto . port : address . port
inline constexpr const char* kPorts4Addr = "ports4_addr";  // host address . proto . port : address . port
inline constexpr const char* kPorts6 = "ports6";
inline constexpr const char* kPorts6Addr = "ports6_addr";
inline constexpr const char* kHairpin4 = "hairpin4";      // (container . its bridge): masquerade if DNATed back
inline constexpr const char* kHairpin6 = "hairpin6";
// (container . its bridge) : "localnet_<bridge>", for each container with a
// published IPv4 port: the named counter's kernel reference count says
// whether any still needs the bridge's route_localnet.
inline constexpr const char* kLocalnet4 = "localnet4";
inline std::string localnet_counter(const std::string& bridge) { return "localnet_" + bridge; }
// Forwarding and isolation (firewall).
inline constexpr const char* kFw4 = "fw4";                // every container address
inline constexpr const char* kFw4Net = "fw4_net";         // (container . its bridge): allowed
inline constexpr const char* kFw4Internal = "fw4_internal";  // containers of internal networks
inline constexpr const char* kFw6 = "fw6";
inline constexpr const char* kFw6Net = "fw6_net";
inline constexpr const char* kFw6Internal = "fw6_internal";

const std::vector<std::string>& all_sets();
const std::vector<std::string>& all_chains();

// Add the table with its chains, sets and rules to `b`; `exclusive` makes
// the batch fail with EEXIST if the table is there.
void add_skeleton(netns::nft::Batch& b, bool exclusive);

// Create the table with everything in it, in one batch, unless it is there.
// Safe against a concurrent creator: the batch is all or nothing, and a
// table that appeared meanwhile is taken as made.
void ensure_table(netns::Netlink& nft);

// Add the sets and maps of the skeleton that the table lacks (one made by
// an older warren); whether there were any. Sets only: a new rule comes
// with drift repair, which rebuilds the table from the state. A missing
// localnet4 comes with the references of the containers that already
// publish IPv4 ports.
bool add_missing_sets(netns::Netlink& nft);

// Remove the table and all it holds; absent is fine.
void delete_table(netns::Netlink& nft);

bool table_exists(netns::Netlink& nft);

}  // namespace portmap
