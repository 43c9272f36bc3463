// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/table.h: warren's one nftables table, `inet warren`: its chains,
// sets and the constant rules that consult them. Per-container state lives
// only in set elements, never in rules. No other table is ever touched.
#pragma once

#include "netns/netlink.h"
#include "netns/nft.h"

namespace portmap {

inline const netns::nft::TableRef kTable{NFPROTO_INET, "warren"};

// Set names.
inline constexpr const char* kMasq4 = "masq4";            // container IPv4 addresses to masquerade
inline constexpr const char* kMasq4Skip = "masq4_skip";   // (container . own subnet): not masqueraded
inline constexpr const char* kMasq6 = "masq6";
inline constexpr const char* kMasq6Skip = "masq6_skip";

// Create the table with everything in it, in one batch, unless it is there.
// Safe against a concurrent creator: the batch is all or nothing, and a
// table that appeared meanwhile is taken as made.
void ensure_table(netns::Netlink& nft);

// Remove the table and all it holds; absent is fine.
void delete_table(netns::Netlink& nft);

bool table_exists(netns::Netlink& nft);

}  // namespace portmap
