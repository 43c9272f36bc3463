// SPDX-License-Identifier: GPL-2.0-or-later
// portmap/drift.h: is warren's table as warren's state says it should be?
// Someone may have run `nft flush ruleset`, a firewall manager may have
// reloaded, a chain may have been emptied by hand. The state's elements
// are given by the caller (cni/ knows the attachments); the skeleton is
// this module's own. A repair replaces the table whole, in one batch.
#pragma once

#include <string>

#include "netns/netlink.h"
#include "portmap/owned.h"

namespace portmap {

// table_drift's words when there is no table at all.
inline constexpr const char* kTableMissing = "table inet warren is missing";

// Empty when the table matches: present, every chain with its rules, every
// set holding exactly `want`. Otherwise what differs first, for logs.
std::string table_drift(netns::Netlink& nft, const Entries& want);

// Delete the table (if any) and make it anew with `want`, atomically: a
// packet sees the old table or the new one, never none.
void rebuild_table(netns::Netlink& nft, const Entries& want);

// Rebuild if it drifted; returns what drifted (empty: nothing done).
std::string repair_table(netns::Netlink& nft, const Entries& want);

}  // namespace portmap
